import assert from 'node:assert/strict';
import { batchFileSites, isBatchFile } from '../../prompts/batch-file';
import { hoverMarkdown } from '../../prompts/hover-text';
import { lensTitle } from '../../prompts/lens-text';
import { countSite } from '../../prompts/prompt-count';
import { indexFor } from '../helpers/prompt-syntax';

const usd = (s: string, label: string) => Number(new RegExp(`\\$([\\d.]+) ${label}`).exec(s)![1]);

describe('batch requests: the batch price next to the normal one', () => {
  const file = [
    '{"custom_id": "task-1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o", "max_tokens": 200, "messages": [{"role": "system", "content": "You classify tickets."}, {"role": "user", "content": "My invoice is wrong."}]}}',
    '',
    'not json',
    '{"custom_id": "task-2", "method": "POST", "url": "/v1/responses", "body": {"model": "gpt-4o-mini", "input": "Summarise: the meeting moved to Friday.", "instructions": "Be brief."}}',
    '{"custom_id": "task-3", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "not a prompt"}}',
    '{"custom_id": "task-4", "method": "POST", "url": "/v1/chat/completions", "body": {"messages": [{"role": "user", "content": [{"type": "text", "text": "Parts count too."}]}]}}',
  ].join('\n');

  it('reads each chat and Responses line of a .jsonl file at its line, and nothing else', () => {
    assert.ok(isBatchFile('/w/requests.jsonl', 'plaintext'));
    assert.ok(!isBatchFile('/w/requests.json', 'json'));
    const sites = batchFileSites(file);
    assert.deepEqual(sites.map((s) => [s.kind, s.model, s.batch]), [['chat', 'gpt-4o', true], ['responses', 'gpt-4o-mini', true], ['chat', null, true]]);
    assert.equal(file.slice(sites[1]!.start, sites[1]!.end).slice(0, 24), '{"custom_id": "task-2", ');
    assert.deepEqual(sites[0]!.messages!.map((m) => m.role), ['system', 'user']);
    assert.equal(sites[0]!.maxOutputTokens, 200);
    assert.deepEqual(sites[2]!.messages![0]!.content, [{ kind: 'text', text: 'Parts count too.' }]);
  });

  it('shows half of the normal input and output price on the lens and in the hover', () => {
    const [chat] = batchFileSites(file);
    const count = countSite(chat!, 'gpt-4o');
    const title = lensTitle(count, { batch: true });
    assert.match(title, /^\d+ tokens · \$[\d.]+ in · ≤ \$[\d.]+ out · gpt-4o · batch ½: \$[\d.]+ in · ≤ \$[\d.]+ out$/);
    const [normal, batch] = title.split(' · batch ½: ');
    assert.equal(usd(batch!, 'in'), usd(normal!, 'in') / 2);
    assert.ok(Math.abs(usd(batch!.replace('≤ ', ''), 'out') - count.maxOutputUsd! / 2) < 1e-12);
    const md = hoverMarkdown(count, [], undefined, true);
    assert.match(md, /Batch API request: billed at half the price — \$[\d.]+ in, at most \$[\d.]+ out \(sent alone: \$[\d.]+ in, at most \$[\d.]+ out\)/);
    assert.doesNotMatch(hoverMarkdown(count, []), /Batch API/);
  });

  it('finds batch lines built in code (Python dicts, JS objects, Anthropic batch entries)', async () => {
    const py = await indexFor('python');
    const pySites = py.reset(`import json
SYSTEM = "You classify tickets."
lines = []
for i, ticket in enumerate(tickets):
    lines.append(json.dumps({
        "custom_id": f"ticket-{i}",
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": {"model": "gpt-4o-mini", "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": ticket}]},
    }))
requests = [{"custom_id": "a", "params": {"model": "claude-haiku-4-5", "max_tokens": 100, "messages": [{"role": "user", "content": "Hello, Claude"}]}}]
other = {"custom_id": "x", "url": "/v1/embeddings", "body": {"input": "no"}}
`);
    const batch = pySites.filter((s) => s.batch);
    assert.deepEqual(batch.map((s) => [s.kind, s.model]), [['chat', 'gpt-4o-mini'], ['claude', 'claude-haiku-4-5']]);
    const c = countSite(batch[0]!, 'gpt-4o-mini');
    assert.equal(c.holes.length, 1); // the ticket
    assert.match(lensTitle(c, { batch: true }), /gpt-4o-mini · batch ½: \$[\d.]+ in$/);
    py.dispose();
    const ts = await indexFor('typescript');
    const tsSites = ts.reset(`const lines = docs.map((d, i) => JSON.stringify({ custom_id: \`doc-\${i}\`, method: 'POST', url: '/v1/responses', body: { model: 'gpt-4o', input: 'Summarise this.' } }));
const quoted = { "custom_id": "q", "url": "/v1/chat/completions", "body": { "model": "gpt-4o", "messages": [{ "role": "user", "content": "Quoted keys." }] } };
`);
    assert.deepEqual(tsSites.filter((s) => s.batch).map((s) => [s.kind, s.model]), [['responses', 'gpt-4o'], ['chat', 'gpt-4o']]);
    ts.dispose();
  });
});
