import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { wavOf, pcmTone } from '../../../proxy/simulator/audio-files';
import { Harness, PLANTED_KEY } from '../../helpers/ratelab-harness';
import { pythonSuite, runPythonScript, PYTHON_OPENAI_VERSION } from '../../helpers/python-sdk';

/** What a WAV header says: format, channels, rate, bits and the audio's length. */
function readWav(b: Buffer) {
  assert.equal(b.toString('ascii', 0, 4), 'RIFF');
  assert.equal(b.toString('ascii', 8, 12), 'WAVE');
  return { format: b.readUInt16LE(20), channels: b.readUInt16LE(22), rate: b.readUInt32LE(24), bits: b.readUInt16LE(34), seconds: b.readUInt32LE(40) / b.readUInt32LE(28) };
}

describe('audio through openai-node 6.49.0 (simulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ mock: true });
  });
  after(() => h?.stop());

  it('speech: a WAV that decodes as 24 kHz 16-bit mono PCM, MP3 frames that start with a frame sync, raw pcm', async () => {
    const client = h.client();
    const wav = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Hello from the offline simulator.', response_format: 'wav' });
    assert.equal(wav.headers.get('content-type'), 'audio/wav');
    const w = readWav(Buffer.from(await wav.arrayBuffer()));
    assert.deepEqual([w.format, w.channels, w.rate, w.bits], [1, 1, 24_000, 16]);
    assert.ok(w.seconds > 1);
    const mp3 = Buffer.from(await (await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello.' })).arrayBuffer());
    assert.equal(mp3.readUInt16BE(0) & 0xffe0, 0xffe0, 'MPEG frame sync');
    assert.equal(mp3.length % 417, 0, 'whole 417-byte frames (128 kbit/s at 44.1 kHz)');
    const bad = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hi', response_format: 'ogg' as 'opus' }).catch((e: unknown) => e);
    assert.ok(bad instanceof OpenAI.BadRequestError && /Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'/.test(bad.message));
  });

  it('speech as flac, opus and aac: files the reference decoders (flac, opusdec, faad) play for as long as the text', async function () {
    const missing = ['flac', 'opusdec', 'faad'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
    // .ci/run installs them (Debian: flac, opus-tools, faad); a contributor without them sees why this is skipped.
    if (missing.length) {
      console.log(`      skipped: ${missing.join(', ')} not installed (Debian: flac, opus-tools, faad), so the speech files cannot be decoded here`);
      return this.skip();
    }
    const client = h.client();
    const input = 'Hello from the offline simulator, in three formats.';
    const dir = mkdtempSync(join(tmpdir(), 'ratelab-audio-'));
    const seconds: Record<string, number> = {};
    for (const format of ['flac', 'opus', 'aac'] as const) {
      const res = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input, response_format: format });
      assert.equal(res.headers.get('content-type'), { flac: 'audio/flac', opus: 'audio/opus', aac: 'audio/aac' }[format]);
      const file = join(dir, `speech.${format}`);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const wav = join(dir, `${format}.wav`);
      const run = format === 'flac' ? spawnSync('flac', ['-d', '-s', '-f', '-o', wav, file]) : format === 'opus' ? spawnSync('opusdec', ['--quiet', file, wav]) : spawnSync('faad', ['-q', '-o', wav, file]);
      assert.equal(run.status, 0, `${format}: ${run.stderr.toString()}`);
      seconds[format] = readWav(readFileSync(wav)).seconds;
    }
    const expected = pcmTone(input).length / 48_000;
    for (const [format, s] of Object.entries(seconds)) assert.ok(Math.abs(s - expected) < 0.1, `${format}: ${s} s, expected ${expected} s`);
    // FLAC is lossless: the decoded samples are the simulator's tone, bit for bit.
    assert.ok(readFileSync(join(dir, 'flac.wav')).subarray(44).equals(pcmTone(input)));
  });

  it('transcribes a multipart upload in each response format, its length from the WAV', async () => {
    const client = h.client();
    const audio = wavOf(pcmTone('x'.repeat(45))); // 3 s
    const file = async () => toFile(audio, 'clip.wav', { type: 'audio/wav' });
    const json = await client.audio.transcriptions.create({ model: 'whisper-1', file: await file() });
    assert.ok(json.text.length > 0);
    assert.deepEqual((json as unknown as { usage: unknown }).usage, { type: 'duration', seconds: 3 });
    const text = await client.audio.transcriptions.create({ model: 'whisper-1', file: await file(), response_format: 'text' });
    assert.equal(text, `${json.text}\n`);
    const srt = await client.audio.transcriptions.create({ model: 'whisper-1', file: await file(), response_format: 'srt' });
    assert.equal(srt, `1\n00:00:00,000 --> 00:00:03,000\n${json.text}\n\n`);
    const vtt = await client.audio.transcriptions.create({ model: 'whisper-1', file: await file(), response_format: 'vtt' });
    assert.equal(vtt, `WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n${json.text}\n\n`);
    const verbose = await client.audio.transcriptions.create({ model: 'whisper-1', file: await file(), response_format: 'verbose_json' });
    assert.equal(verbose.duration, 3);
    assert.equal(verbose.language, 'english');
    assert.equal(verbose.segments?.[0]?.text, ` ${json.text}`);
    const translated = await client.audio.translations.create({ model: 'whisper-1', file: await file() });
    assert.equal(typeof translated.text, 'string');
  });
});

pythonSuite(`audio through openai-python ${PYTHON_OPENAI_VERSION} (simulator)`, function (py) {
  this.timeout(60_000);
  it('speech decoded as WAV by Python’s wave module; a transcription in each format', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const out = await runPythonScript<{ wav: number[]; formats: Record<string, string> }>(py.python, 'audio_check.py', { baseUrl: h.address.baseUrl, apiKey: PLANTED_KEY });
      const [channels, width, rate, frames] = out.wav;
      assert.deepEqual([channels, width, rate], [1, 2, 24_000]);
      assert.ok(frames! > 24_000);
      assert.match(out.formats.srt!, /^1\n00:00:00,000 --> 00:00:0\d,\d{3}\n/);
      assert.match(out.formats.vtt!, /^WEBVTT\n\n/);
      assert.equal(out.formats.text!.trim(), out.formats.json!);
      assert.equal(out.formats.verbose_json, 'english');
    } finally {
      await h.stop();
    }
  });
});

describe('costs of answers priced per unit (simulator)', function () {
  this.timeout(20_000);
  it('prices a whisper minute, tts characters and DALL·E images; gpt-image-1 by its token usage', async () => {
    const h = await Harness.start({ mock: true });
    try {
      const client = h.client();
      await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(wavOf(pcmTone('x'.repeat(45))), 'clip.wav') });
      const input = 'Hello from the offline simulator.';
      await client.audio.speech.create({ model: 'tts-1-hd', voice: 'alloy', input });
      await client.images.generate({ model: 'dall-e-3', prompt: 'A red bicycle', quality: 'hd', size: '1792x1024' });
      const gpt = await client.images.generate({ model: 'gpt-image-1', prompt: 'A lighthouse', quality: 'low' });
      const records = await h.recordsUntil(4);
      const cost = (path: string, model: string) => records.find((r) => r.path.endsWith(path) && r.model === model)!.costUsd;
      assert.equal(cost('/audio/transcriptions', 'whisper-1'), 0.0003); // 3 s at $0.006 a minute
      assert.equal(cost('/audio/speech', 'tts-1-hd'), Math.round(((input.length * 30) / 1e6) * 1e10) / 1e10);
      assert.equal(cost('/images/generations', 'dall-e-3'), 0.12);
      // gpt-image-1: $5 per 1M text tokens in, $40 per 1M image tokens out.
      assert.equal(cost('/images/generations', 'gpt-image-1'), Math.round(((gpt.usage!.input_tokens * 5 + gpt.usage!.output_tokens * 40) / 1e6) * 1e10) / 1e10);
    } finally {
      await h.stop();
    }
  });
});
