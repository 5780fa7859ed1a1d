import assert from 'node:assert/strict';
import { countSite } from '../../prompts/prompt-count';
import { isPromptFile, normaliseModel, promptFileSite } from '../../prompts/prompt-file';
import { promptWarnings } from '../../prompts/prompt-warnings';
import { referenceChat, referenceTokens } from '../helpers/reference-tokenizer';

describe('prompt files and warnings', () => {
  it('knows prompt files by name and reads the model from front matter, loosely named', () => {
    assert.deepEqual(['a.prompt', 'b.prompt.md', 'c.prompty', 'd.md', 'e.ts'].map(isPromptFile), [true, true, true, false, false]);
    assert.equal(normaliseModel('GPT-4.1 (copilot)'), 'gpt-4.1');
    const site = promptFileSite('---\nmode: agent\nmodel: GPT-4o\n---\nSummarise the open issues.\n');
    assert.equal(site.model, 'gpt-4o');
    assert.equal(countSite(site, 'gpt-4o').tokens, referenceTokens('o200k_base', 'Summarise the open issues.\n'));
  });

  it('reads a .prompty file: model and max_tokens from its configuration, messages from role lines', () => {
    const site = promptFileSite(`---
name: Support
model:
  api: chat
  configuration:
    type: azure_openai
    azure_deployment: gpt-4o-mini
  parameters:
    max_tokens: 128
---
system:
You answer support questions.

user:
{{question}}
`);
    assert.deepEqual([site.kind, site.model, site.maxOutputTokens], ['messages', 'gpt-4o-mini', 128]);
    const c = countSite(site, 'gpt-4o-mini');
    assert.equal(c.tokens, referenceChat('o200k_base', [{ role: 'system', content: 'You answer support questions.' }, { role: 'user', content: '{{question}}' }]));
  });

  it('counts a file with a broken header with the default model, and one without a header as a whole', () => {
    assert.equal(promptFileSite('---\nmodel: [unclosed\n---\nHi').model, null);
    assert.deepEqual(promptFileSite('Just text.').text, [{ kind: 'text', text: 'Just text.' }]);
  });

  it('warns when a prompt does not fit the context window, or is larger than the profile’s TPM', () => {
    const site = promptFileSite('x '.repeat(10));
    const big = { ...countSite(site, 'gpt-4o'), tokens: 127_000, maxOutputTokens: 4_096 };
    const warnings = promptWarnings(big, [{ model: 'gpt-4o', tpm: 30_000 }], 'tier-1');
    assert.deepEqual(warnings.map((w) => w.code), ['context-window', 'request-too-large']);
    assert.match(warnings[0]!.message, /127,000 prompt tokens \+ 4,096 max output exceed gpt-4o's context window of 128,000 tokens/);
    assert.match(warnings[1]!.message, /One request of ~127,000 tokens is more than the 30,000 TPM limit of gpt-4o in profile tier-1/);
    assert.deepEqual(promptWarnings({ ...big, model: 'gpt-4o-2024-08-06', tokens: 40_000 }, [{ model: 'gpt-4o', tpm: 30_000 }], null).map((w) => w.code), ['request-too-large']);
    assert.deepEqual(promptWarnings({ ...big, tokens: 1_000 }, [{ model: 'gpt-4o', tpm: 30_000 }], null), []);
  });

  it('reads model and max_tokens from a <!-- ratelab: … --> comment, which VS Code\'s .prompt.md header check leaves alone, and does not count the comment', () => {
    const text = '---\nmode: ask\ndescription: Summarise a diff\n---\n<!-- ratelab: model=gpt-4o-mini max_tokens=300 -->\nSummarise the diff in three bullets.\n';
    const site = promptFileSite(text);
    assert.equal(site.model, 'gpt-4o-mini');
    assert.equal(site.maxOutputTokens, 300);
    assert.deepEqual(site.text, [{ kind: 'text', text: 'Summarise the diff in three bullets.\n' }]);
  });
});
