/** Speech as the simulator makes it: a quiet tone, 24 kHz 16-bit mono (the API's pcm format), about one second per 15 characters. */
export function pcmTone(text: string, sampleRate = 24_000): Buffer {
  const seconds = Math.min(30, Math.max(0.5, text.length / 15));
  const samples = Math.round(seconds * sampleRate);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(800 * Math.sin((2 * Math.PI * 220 * i) / sampleRate)), i * 2);
  return pcm;
}

/** A WAV file around 16-bit mono PCM. */
export function wavOf(pcm: Buffer, sampleRate = 24_000): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

/**
 * Silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono): a header and all-zero side
 * information, which every MP3 decoder plays as silence. 38 frames a second.
 */
export function silentMp3(seconds: number): Buffer {
  const frameLength = Math.floor((144 * 128_000) / 44_100); // 417 bytes
  const frame = Buffer.alloc(frameLength);
  frame.writeUInt32BE(0xfffb90c4, 0); // sync, MPEG-1, Layer III, no CRC, 128 kbit/s, 44.1 kHz, no padding, mono
  const frames = Math.max(1, Math.round(seconds * 38.28));
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** The length of a WAV file's audio in seconds, or null when it is not one (then guessed from size). */
export function wavSeconds(file: Buffer): number | null {
  if (file.length < 44 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') return null;
  const byteRate = file.readUInt32LE(28);
  const dataLength = file.readUInt32LE(40);
  return byteRate > 0 ? dataLength / byteRate : null;
}
