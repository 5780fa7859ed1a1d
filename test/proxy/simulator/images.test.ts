import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { inflateSync } from 'node:zlib';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { pythonSuite, runPythonScript, PYTHON_OPENAI_VERSION } from '../../helpers/python-sdk';

/** Width, height and first pixel of a PNG, read as any decoder would (signature, IHDR, IDAT inflated). */
function decodePng(png: Buffer): { width: number; height: number; rgb: number[] } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  let at = 8;
  let width = 0, height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, height * (1 + width * 3), 'one filter byte and RGB per pixel, every row');
  return { width, height, rgb: [raw[1]!, raw[2]!, raw[3]!] };
}

describe('images through openai-node 6.49.0 (simulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ mock: true });
  });
  after(() => h?.stop());

  it('gpt-image-1: b64_json that decodes as a PNG of the asked size, with its settings and token usage', async () => {
    const r = await h.client().images.generate({ model: 'gpt-image-1', prompt: 'A lighthouse at dusk', size: '1024x1536', quality: 'medium' });
    const png = decodePng(Buffer.from(r.data![0]!.b64_json!, 'base64'));
    assert.deepEqual([png.width, png.height], [1024, 1536]);
    assert.equal(r.usage?.output_tokens, 1056);
    assert.equal(r.quality, 'medium');
    const refused = await h.client().images.generate({ model: 'gpt-image-1', prompt: 'x', response_format: 'url' }).catch((e: unknown) => e);
    assert.ok(refused instanceof OpenAI.BadRequestError && refused.code === 'unknown_parameter');
  });

  it('dall-e-3: a URL that serves the PNG, and the revised prompt; the same prompt, the same image', async () => {
    const r = await h.client().images.generate({ model: 'dall-e-3', prompt: 'A red bicycle', n: 1 });
    assert.equal(r.data![0]!.revised_prompt, 'A red bicycle');
    const fetched = await fetch(r.data![0]!.url!);
    assert.equal(fetched.headers.get('content-type'), 'image/png');
    const first = decodePng(Buffer.from(await fetched.arrayBuffer()));
    assert.deepEqual([first.width, first.height], [1024, 1024]);
    const b64 = await h.client().images.generate({ model: 'dall-e-3', prompt: 'A red bicycle', response_format: 'b64_json' });
    assert.deepEqual(decodePng(Buffer.from(b64.data![0]!.b64_json!, 'base64')).rgb, first.rgb);
  });

  it('edits an uploaded image (multipart)', async () => {
    const r = await h.client().images.edit({ model: 'gpt-image-1', image: await toFile(Buffer.from('not really a png'), 'in.png', { type: 'image/png' }), prompt: 'Make it blue' });
    assert.equal(decodePng(Buffer.from(r.data![0]!.b64_json!, 'base64')).width, 1024);
  });
});

pythonSuite(`images through openai-python ${PYTHON_OPENAI_VERSION} (simulator)`, function (py) {
  this.timeout(60_000);
  it('gpt-image-1 as b64_json and dall-e-3 as a served URL, both decoded as PNGs of the asked size by the standard library', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const out = await runPythonScript<{ gptImage: [number, number, number[]]; usage: number | null; dalle: [number, number, number[]]; revised: boolean }>(py.python, 'images_check.py', { baseUrl: h.address.baseUrl, apiKey: PLANTED_KEY });
      assert.deepEqual(out.gptImage.slice(0, 2), [1024, 1536]);
      assert.deepEqual(out.dalle.slice(0, 2), [1024, 1024]);
      // The same prompt, the same colour, whichever model drew it.
      assert.deepEqual(out.gptImage[2], out.dalle[2]);
      assert.ok(out.usage && out.usage > 0);
      assert.equal(out.revised, true);
    } finally {
      await h.stop();
    }
  });
});
