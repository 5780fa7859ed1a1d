/**
 * Speech in the formats the simulator cannot synthesise but can still write validly: FLAC
 * (verbatim frames of the tone, lossless), AAC (silent ADTS frames) and Opus (silent packets in
 * Ogg). Each plays in a standard decoder for about as long as the text would be spoken.
 */

/** CRC-8 (x^8 + x^2 + x + 1) of a FLAC frame header. */
function crc8(b: Buffer): number {
  let c = 0;
  for (const byte of b) {
    c ^= byte;
    for (let i = 0; i < 8; i++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  }
  return c;
}

/** CRC-16 (x^16 + x^15 + x^2 + 1) of a whole FLAC frame. */
function crc16(b: Buffer): number {
  let c = 0;
  for (const byte of b) {
    c ^= byte << 8;
    for (let i = 0; i < 8; i++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff;
  }
  return c;
}

/** FLAC's "UTF-8" coding of a frame number. */
function utf8Number(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x800) return Buffer.from([0xc0 | (n >> 6), 0x80 | (n & 0x3f)]);
  return Buffer.from([0xe0 | (n >> 12), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)]);
}

const FLAC_BLOCK = 4096;

/** A FLAC file of 16-bit mono PCM at 24 kHz: STREAMINFO, then verbatim frames of 4096 samples. */
export function flacOf(pcm: Buffer, sampleRate = 24_000): Buffer {
  const samples = pcm.length / 2;
  const info = Buffer.alloc(4 + 34);
  info.writeUInt32BE(0x80000022, 0); // last metadata block, STREAMINFO, 34 bytes
  info.writeUInt16BE(FLAC_BLOCK, 4);
  info.writeUInt16BE(FLAC_BLOCK, 6);
  // Frame sizes unknown (0); sample rate (20 bits), channels − 1 (3), bits − 1 (5), total samples (36); MD5 unknown (zeros).
  const packed = (BigInt(sampleRate) << 44n) | (0n << 41n) | (15n << 36n) | BigInt(samples);
  info.writeBigUInt64BE(packed, 14);
  const frames: Buffer[] = [Buffer.from('fLaC', 'ascii'), info];
  for (let n = 0, at = 0; at < samples; n++, at += FLAC_BLOCK) {
    const count = Math.min(FLAC_BLOCK, samples - at);
    // Sync and fixed blocking; block size 4096 (code 12) or, for a shorter last block, 16 bits that follow (code 7); 24 kHz (code 7); mono; 16 bits.
    const sizeCode = count === FLAC_BLOCK ? 0xc : 0x7;
    const head = [Buffer.from([0xff, 0xf8, (sizeCode << 4) | 0x7, 0x08]), utf8Number(n)];
    if (sizeCode === 0x7) head.push(Buffer.from([(count - 1) >> 8, (count - 1) & 0xff]));
    const header = Buffer.concat(head);
    const body = Buffer.alloc(1 + count * 2);
    body[0] = 0x02; // a VERBATIM subframe, no wasted bits
    for (let i = 0; i < count; i++) body.writeInt16BE(pcm.readInt16LE((at + i) * 2), 1 + i * 2);
    const frame = Buffer.concat([header, Buffer.from([crc8(header)]), body, Buffer.alloc(2)]);
    frame.writeUInt16BE(crc16(frame.subarray(0, frame.length - 2)), frame.length - 2);
    frames.push(frame);
  }
  return Buffer.concat(frames);
}

/**
 * Silent AAC-LC in ADTS frames (24 kHz mono, 1024 samples each): a single-channel element with no
 * scale-factor bands, then the end element — what an encoder writes for digital silence.
 */
export function silentAac(seconds: number, sampleRate = 24_000): Buffer {
  const payload = Buffer.from([0x00, 0x00, 0x00, 0x07]);
  const length = 7 + payload.length;
  // syncword, MPEG-4, no CRC; AAC LC, 24 kHz (index 6), mono; frame length; buffer fullness 0x7FF (VBR); one raw block.
  const header = Buffer.from([0xff, 0xf1, (1 << 6) | (6 << 2), (1 << 6) | (length >> 11), (length >> 3) & 0xff, ((length & 7) << 5) | 0x1f, 0xfc]);
  const frame = Buffer.concat([header, payload]);
  const count = Math.max(1, Math.round((seconds * sampleRate) / 1024));
  return Buffer.concat(Array.from({ length: count }, () => frame));
}

/** CRC-32 of an Ogg page (polynomial 0x04C11DB7, not reflected, no final xor). */
const OGG_CRC = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

function oggCrc(b: Buffer): number {
  let c = 0;
  for (const byte of b) c = ((c << 8) ^ OGG_CRC[((c >>> 24) ^ byte) & 0xff]!) >>> 0;
  return c;
}

/** One Ogg page holding whole packets (each under 255 bytes). */
function oggPage(packets: Buffer[], flags: number, granule: bigint, serial: number, sequence: number): Buffer {
  const lacing = packets.flatMap((p) => (p.length === 255 ? [255, 0] : [p.length]));
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'ascii');
  header[5] = flags;
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const page = Buffer.concat([header, ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** Opus's 20 ms silence packet (CELT, fullband, mono), as WebRTC sends for muted audio. */
const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
const PRE_SKIP = 312;

/** Ogg Opus of silence: OpusHead, OpusTags, then 20 ms packets, 50 to a page. */
export function silentOpus(seconds: number, inputRate = 24_000): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head[8] = 1; // version
  head[9] = 1; // mono
  head.writeUInt16LE(PRE_SKIP, 10);
  head.writeUInt32LE(inputRate, 12);
  const vendor = Buffer.from('RateLab simulator', 'utf8');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'ascii');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  const serial = 0x52614c62; // "RaLb": any fixed number; one stream per file
  const pages = [oggPage([head], 0x02, 0n, serial, 0), oggPage([tags], 0, 0n, serial, 1)];
  const packets = Math.max(1, Math.round(seconds * 50));
  for (let done = 0, seq = 2; done < packets; seq++) {
    const n = Math.min(50, packets - done);
    done += n;
    pages.push(oggPage(Array.from({ length: n }, () => OPUS_SILENCE), done === packets ? 0x04 : 0, BigInt(done * 960), serial, seq));
  }
  return Buffer.concat(pages);
}
