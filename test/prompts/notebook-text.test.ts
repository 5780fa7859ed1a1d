import assert from 'node:assert/strict';
import { countSite } from '../../prompts/prompt-count';
import { joinCells, sitesOfCell } from '../../prompts/notebook-text';
import { indexFor } from '../helpers/prompt-syntax';

describe('notebooks read as one document', () => {
  it('counts a prompt built in one cell and sent in a later one, and gives each cell its own sites at its own offsets', async () => {
    const cells = [
      { key: 'cell-1', text: 'from openai import OpenAI\nclient = OpenAI()\nSYSTEM = "You are a data analyst. Answer with one number."' },
      { key: 'cell-2', text: '%pip install pandas' },
      { key: 'cell-3', text: 'r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": "How many rows?"}])' },
    ];
    const joined = joinCells(cells);
    const py = await indexFor('python');
    const sites = py.reset(joined.text);
    const third = sitesOfCell(sites, joined.spans[2]!);
    assert.equal(third.length, 1);
    assert.equal(third[0]!.start, 4, 'at the call, in the cell’s own text');
    const counted = countSite(third[0]!, 'gpt-4o-mini');
    assert.deepEqual(counted.holes, [], 'SYSTEM from the first cell is read');
    assert.equal(counted.parts[0]!.preview, 'You are a data analyst. Answer with one number.');
    assert.deepEqual(sitesOfCell(sites, joined.spans[0]!), []);
    // Alone, the third cell would not know SYSTEM.
    const alone = py.reset(cells[2]!.text);
    assert.deepEqual(countSite(alone[0]!, 'gpt-4o-mini').holes, ['SYSTEM']);
    py.dispose();
  });
});
