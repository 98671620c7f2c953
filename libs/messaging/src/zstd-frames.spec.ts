import { zstdCost } from './zstd-frames';

/** A zstd frame, header and blocks written by hand: what a producer may send, whatever its library would write. */
function frame(windowByte: number, blocks: number, opts: { checksum?: boolean } = {}): Buffer {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, opts.checksum ? 0x04 : 0x00, windowByte]);
  const parts = [header];
  for (let i = 0; i < blocks; i++) {
    const last = i === blocks - 1 ? 1 : 0;
    // A raw block of one byte: size 1, type 0.
    const h = (1 << 3) | last;
    parts.push(Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff, 0x41]));
  }
  if (opts.checksum) parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

describe('zstdCost', () => {
  it('given a frame declaring a 128 MiB window over 300 one-byte blocks, then its window and sweep say so before anything is decompressed', () => {
    // Window descriptor: exponent 17 (2^27), mantissa 0.
    expect(zstdCost(frame(17 << 3, 300))).toEqual({ maxWindow: 2 ** 27, sweep: 300 * 2 ** 27 });
  });

  it('given two frames and a skippable frame between them, then each counts with its own window', () => {
    const skippable = Buffer.concat([Buffer.from([0x50, 0x2a, 0x4d, 0x18]), Buffer.from([3, 0, 0, 0]), Buffer.from('abc')]);
    const input = Buffer.concat([frame(1 << 3, 2), skippable, frame(3 << 3, 1, { checksum: true })]);
    expect(zstdCost(input)).toEqual({ maxWindow: 2 ** 13, sweep: 2 * 2 ** 11 + 2 ** 13 });
  });

  it('given a frame cut short or a reserved block type, then it says so', () => {
    expect(() => zstdCost(frame(17 << 3, 3).subarray(0, 12))).toThrow('ends early');
    const reserved = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x08, 0x07, 0x00, 0x00]);
    expect(() => zstdCost(reserved)).toThrow('reserved');
  });
});
