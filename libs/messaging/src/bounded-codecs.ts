import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { Decompress as ZstdStream } from 'fzstd';
import * as lz4 from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32';
import * as snappy from 'snappyjs';
import { promisify } from 'node:util';
import { createUnzip, gzip } from 'node:zlib';
import { DEFAULT_REFRAME_LIMITS, ReadBudgetExceeded, type ReframeLimits, RecordReframer } from './record-reframer';
import { zstdCost } from './zstd-frames';

/** What kafkajs hands a codec: the compressed records of one batch, and an encoder to compress. */
interface Codec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

/** Streams a batch's decompressed bytes into `sink`; gzip's stream is asynchronous, the others finish at once. */
type Decompressor = (compressed: Buffer, sink: (chunk: Uint8Array) => void) => void | Promise<void>;

/**
 * Registers decompressors for all four codecs a Kafka producer may use, each reading a batch as
 * a stream into a {@link RecordReframer}, so that no record a producer compressed can take more
 * memory than the limits, and no codec can stop a consumer: kafkajs has gzip only and fails the
 * fetch on any other codec, which no retry cures. A batch our decompressor cannot read at all
 * becomes one stub per record, read off the batch header, and is dead-lettered by reference.
 */
export function registerBoundedCodecs(limits: ReframeLimits = DEFAULT_REFRAME_LIMITS): void {
  const codecs = CompressionCodecs as unknown as Record<number, () => Codec>;
  const gzipCodec = bounded(gunzipStream, limits, (encoder) => promisify(gzip)(encoder.buffer));
  const snappyCodec = bounded(snappyStream, limits, (encoder) => Promise.resolve(xerialSnappy(encoder.buffer)));
  const lz4Codec = bounded(lz4Stream, limits, (encoder) => Promise.resolve(lz4Frame(encoder.buffer)));
  const zstdCodec = bounded(zstdStream, limits, () => Promise.reject(new Error('zstd is read here, not written: produce with gzip, snappy or lz4')));
  codecs[CompressionTypes.GZIP] = () => gzipCodec;
  codecs[CompressionTypes.Snappy] = () => snappyCodec;
  codecs[CompressionTypes.LZ4] = () => lz4Codec;
  codecs[CompressionTypes.ZSTD] = () => zstdCodec;
}

function bounded(decompress: Decompressor, limits: ReframeLimits, compress: Codec['compress']): Codec {
  return {
    compress,
    async decompress(compressed) {
      const budget = limitsFor(compressed, limits);
      const reframer = new RecordReframer(budget.limits);
      const expected = headerCount(compressed);
      try {
        await decompress(compressed, (chunk) => reframer.push(chunk));
        const records = reframer.end();
        if (expected !== undefined && expected !== reframer.count) throw new Error(`the batch says ${expected} records and holds ${reframer.count}`);
        return records;
      } catch (error) {
        // Read as far as the budget goes: the records read stand, the rest are stubs by offset.
        if (error instanceof ReadBudgetExceeded && expected !== undefined && expected > reframer.count) {
          return Buffer.concat([reframer.completed(), RecordReframer.stubs(expected - reframer.count, { cause: 'batch-too-large' }, reframer.count)]);
        }
        return undecodable(compressed, error);
      } finally {
        budget.release(reframer.bytesRead);
      }
    },
  };
}

/**
 * Bytes a batch may decompress beyond 64 times its compressed size, shared by every batch this
 * process reads: legitimate events compress 5 to 20 times, bombs a thousand times and more. A lone
 * oversized record (a 5 MiB event) is read through and named by size and hash; a fetch of bombs
 * drains the allowance within a second and its later batches stop at 64 times their size.
 */
const SPARE_CAPACITY = 512 * 1024 * 1024;
const SPARE_PER_SECOND = 256 * 1024 * 1024;
const SPARE_PER_BATCH = 16 * 1024 * 1024;

class SpareReads {
  private tokens = SPARE_CAPACITY;
  private at = Date.now();

  take(): number {
    const now = Date.now();
    this.tokens = Math.min(SPARE_CAPACITY, this.tokens + ((now - this.at) / 1000) * SPARE_PER_SECOND);
    this.at = now;
    const granted = Math.min(SPARE_PER_BATCH, this.tokens);
    this.tokens -= granted;
    return granted;
  }

  giveBack(bytes: number): void {
    this.tokens = Math.min(SPARE_CAPACITY, this.tokens + bytes);
  }
}

const spare = new SpareReads();

function limitsFor(compressed: Buffer, limits: ReframeLimits): { limits: ReframeLimits; release: (read: number) => void } {
  const base = 64 * compressed.length;
  const granted = spare.take();
  const readBytes = Math.min(limits.readBytes ?? Infinity, base + granted);
  return {
    // What is kept can never exceed what is read: one allowance bounds memory and work alike.
    limits: { recordBytes: limits.recordBytes, batchBytes: Math.min(limits.batchBytes, readBytes), readBytes },
    release: (read) => spare.giveBack(Math.max(0, granted - Math.max(0, read - base))),
  };
}

/** Record batch v2: the record count is the last field before the records, `lastOffsetDelta` 34 bytes before it. */
const COUNT_BEFORE = 4;
const LAST_OFFSET_DELTA_BEFORE = 38;
/** More stubs than this are not made: such a batch is not one a producer of events sends. */
const MAX_STUBS = 1_000_000;

/**
 * kafkajs hands the codec a view into the fetched batch, so its header sits right before the
 * compressed bytes. The record count is read from there only when the records cannot be, and only
 * when it agrees with `lastOffsetDelta`; anything else is rethrown and the batch stays put.
 */
function undecodable(compressed: Buffer, error: unknown): Buffer {
  const count = headerCount(compressed);
  if (count === undefined) throw error;
  const detail = (error instanceof Error ? error.message : String(error)).slice(0, 200);
  return RecordReframer.stubs(count, { cause: 'undecodable', detail });
}

/** The batch header's record count, when the header can be read and agrees with itself. */
function headerCount(compressed: Buffer): number | undefined {
  if (compressed.byteOffset < LAST_OFFSET_DELTA_BEFORE) return undefined;
  const header = new DataView(compressed.buffer, compressed.byteOffset - LAST_OFFSET_DELTA_BEFORE, LAST_OFFSET_DELTA_BEFORE);
  const lastOffsetDelta = header.getInt32(0);
  const count = header.getInt32(LAST_OFFSET_DELTA_BEFORE - COUNT_BEFORE);
  return count >= 1 && count <= MAX_STUBS && count === lastOffsetDelta + 1 ? count : undefined;
}

const gunzipStream: Decompressor = (compressed, sink) =>
  new Promise((resolve, reject) => {
    const unzip = createUnzip();
    unzip.on('data', (chunk: Buffer) => {
      try {
        sink(chunk);
      } catch (error) {
        unzip.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    unzip.on('end', () => resolve());
    unzip.on('error', reject);
    unzip.end(compressed);
  });

/** Java producers use windows of at most a few MiB; the sweep bound keeps a batch's zstd work under a second. */
const ZSTD_MAX_WINDOW = 8 * 1024 * 1024;
const ZSTD_MAX_SWEEP = 1024 * 1024 * 1024;

const zstdStream: Decompressor = (compressed, sink) => {
  const cost = zstdCost(compressed);
  if (cost.maxWindow > ZSTD_MAX_WINDOW) throw new Error(`a zstd frame declares a window of ${cost.maxWindow} bytes; at most ${ZSTD_MAX_WINDOW} are read`);
  if (cost.sweep > ZSTD_MAX_SWEEP) throw new Error(`the zstd frames would sweep ${cost.sweep} bytes of window; at most ${ZSTD_MAX_SWEEP} are read`);
  const stream = new ZstdStream((chunk) => sink(chunk));
  stream.push(compressed, true);
};

/** Java's Kafka client frames snappy the way xerial's snappy-java does: a magic header, then length-prefixed blocks. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;
/** Snappy cannot expand a block more than this many times; a block header claiming more is forged. */
const SNAPPY_MAX_RATIO = 64;

const snappyStream: Decompressor = (compressed, sink) => {
  const block = (bytes: Buffer) => sink(snappy.uncompress(bytes, bytes.length * SNAPPY_MAX_RATIO + 64));
  if (compressed.length < XERIAL_HEADER_BYTES || !compressed.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) return block(compressed);
  for (let at = XERIAL_HEADER_BYTES; at < compressed.length;) {
    const length = compressed.readInt32BE(at);
    if (length < 0 || at + 4 + length > compressed.length) throw new Error('a snappy block runs past the batch');
    block(compressed.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
};

function xerialSnappy(raw: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_BYTES);
  XERIAL_MAGIC.copy(header);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  const block = Buffer.from(snappy.compress(raw));
  const length = Buffer.alloc(4);
  length.writeInt32BE(block.length);
  return Buffer.concat([header, length, block]);
}

/** LZ4 frames hold blocks of at most 4 MiB; each is decompressed on its own into the stream. */
const LZ4_MAGIC = 0x184d2204;
const LZ4_BLOCK_SIZES: Record<number, number> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };

const lz4Stream: Decompressor = (src, sink) => {
  if (src.length < 7 || src.readUInt32LE(0) !== LZ4_MAGIC) throw new Error('not an LZ4 frame');
  const flags = src[4];
  const blockSize = LZ4_BLOCK_SIZES[(src[5] >> 4) & 0x7];
  if (blockSize === undefined) throw new Error('an LZ4 frame with an unknown block size');
  const blockChecksums = (flags & 0x10) !== 0;
  let at = 6 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0) + 1;
  const out = new Uint8Array(blockSize);
  for (;;) {
    if (at + 4 > src.length) throw new Error('an LZ4 frame ends early');
    const word = src.readUInt32LE(at);
    at += 4;
    if (word === 0) return;
    const size = word & 0x7fffffff;
    if (at + size > src.length) throw new Error('an LZ4 block runs past the frame');
    if (word & 0x80000000) sink(src.subarray(at, at + size));
    else {
      const end = lz4.decompressBlock(src, out, at, size, 0);
      if (end > blockSize) throw new Error('an LZ4 block is larger than its frame allows');
      sink(out.subarray(0, end));
    }
    at += size + (blockChecksums ? 4 : 0);
  }
};

const LZ4_WRITE_BLOCK = 64 * 1024;

/**
 * An LZ4 frame of independent 64 KiB blocks, as Kafka takes them (lz4js's own frames chain blocks,
 * which brokers refuse): each block compressed on its own, stored raw when that is no smaller.
 */
function lz4Frame(raw: Buffer): Buffer {
  const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0]);
  header[6] = (xxh32(0, header, 4, 2) >>> 8) & 0xff;
  const parts: Buffer[] = [header];
  const out = new Uint8Array(lz4.compressBound(LZ4_WRITE_BLOCK));
  for (let at = 0; at < raw.length; at += LZ4_WRITE_BLOCK) {
    const block = raw.subarray(at, at + LZ4_WRITE_BLOCK);
    const size = lz4.compressBlock(block, out, 0, block.length, new Uint32Array(1 << 16));
    const word = Buffer.alloc(4);
    if (size > 0 && size < block.length) {
      word.writeUInt32LE(size);
      parts.push(word, Buffer.from(out.subarray(0, size)));
    } else {
      word.writeUInt32LE((0x80000000 | block.length) >>> 0);
      parts.push(word, Buffer.from(block));
    }
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}
