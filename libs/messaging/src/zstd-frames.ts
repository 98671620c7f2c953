/**
 * What decompressing a zstd input would cost, read from its frame and block headers alone. fzstd
 * allocates each frame's declared window and sweeps it once per block: a 1 KB batch declaring a
 * 128 MiB window over a few hundred one-byte blocks held a thread for 17 s. The broker's zstd
 * takes such input, so the consumer must refuse it before decompressing.
 */
export interface ZstdCost {
  /** The largest window a frame declares (its content size, for a single-segment frame). */
  maxWindow: number;
  /** The sum over frames of blocks × window: the bytes fzstd would sweep. */
  sweep: number;
}

const FRAME_MAGIC = 0xfd2fb528;
const DICT_ID_BYTES = [0, 1, 2, 4];

export function zstdCost(input: Uint8Array): ZstdCost {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  let at = 0;
  let maxWindow = 0;
  let sweep = 0;
  const need = (n: number) => {
    if (at + n > input.length) throw new Error('a zstd frame ends early');
  };
  while (at < input.length) {
    need(4);
    const magic = view.getUint32(at, true);
    at += 4;
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      need(4);
      at += 4 + view.getUint32(at, true);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new Error('not a zstd frame');
    need(1);
    const descriptor = input[at++];
    const contentSizeFlag = descriptor >> 6;
    const singleSegment = (descriptor & 0x20) !== 0;
    const checksum = (descriptor & 0x04) !== 0;
    let window = 0;
    if (!singleSegment) {
      need(1);
      const w = input[at++];
      const base = 2 ** (10 + (w >> 3));
      window = base + (base / 8) * (w & 7);
    }
    at += DICT_ID_BYTES[descriptor & 3];
    const contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][contentSizeFlag];
    need(contentSizeBytes);
    if (singleSegment) {
      if (contentSizeBytes === 1) window = input[at];
      else if (contentSizeBytes === 2) window = view.getUint16(at, true) + 256;
      else if (contentSizeBytes === 4) window = view.getUint32(at, true);
      else window = Number(view.getBigUint64(at, true));
    }
    at += contentSizeBytes;
    let blocks = 0;
    for (let last = false; !last;) {
      need(3);
      const header = input[at] | (input[at + 1] << 8) | (input[at + 2] << 16);
      at += 3;
      last = (header & 1) === 1;
      const type = (header >> 1) & 3;
      if (type === 3) throw new Error('a zstd block of a reserved type');
      at += type === 1 ? 1 : header >> 3;
      blocks += 1;
    }
    if (checksum) at += 4;
    if (at > input.length) throw new Error('a zstd frame ends early');
    maxWindow = Math.max(maxWindow, window);
    sweep += blocks * window;
  }
  return { maxWindow, sweep };
}
