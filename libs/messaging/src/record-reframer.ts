import { createHash, type Hash, randomBytes } from 'node:crypto';

/**
 * The header a record carries when the consumer set it aside while decompressing: its value is
 * JSON ({@link SkippedRecord}) sealed with a nonce this process made, so a producer cannot forge
 * one to make its own record look skipped, or hide a skipped one.
 */
export const SKIPPED_RECORD_HEADER = 'x-sentinel-skipped';

/** Why a record of a compressed batch was replaced by a stub instead of handed over whole. */
type SkipCause = 'record-too-large' | 'batch-too-large' | 'undecodable';

export interface SkippedRecord {
  cause: SkipCause;
  /** The record's size after decompression, when it was read through. */
  bytes?: number;
  /** sha256 of the record's bytes after decompression, when it was read through. */
  sha256?: string;
  /** What went wrong, for `undecodable`. */
  detail?: string;
}

const NONCE = randomBytes(12).toString('base64url');

export interface ReframeLimits {
  /** A record larger than this (key, value and headers, decompressed) is replaced by a stub. */
  recordBytes: number;
  /** Once this much of a batch is kept, every further record is replaced by a stub. */
  batchBytes: number;
  /** Once this much is read (kept or hashed), reading stops: {@link ReadBudgetExceeded}. */
  readBytes?: number;
}

/** The decompressed input passed its read budget; the records completed so far stand. */
export class ReadBudgetExceeded extends Error {
  constructor(readonly budget: number) {
    super(`the batch decompresses to more than ${budget} bytes`);
  }
}

/** Records up to 256 KiB pass whole (the contract refuses events over 64 KiB itself, with its own reason). */
export const DEFAULT_REFRAME_LIMITS: ReframeLimits = { recordBytes: 256 * 1024, batchBytes: 64 * 1024 * 1024, readBytes: 256 * 1024 * 1024 };

/** The first bytes of a skipped record kept to rebuild its stub: attributes, deltas and a short key. */
const PREFIX_BYTES = 2048;
/** The last bytes of a skipped record kept, so that headers behind a large value survive in the stub. */
const TAIL_BYTES = 16 * 1024;

/**
 * Reads the records of a decompressed record batch as they stream out of a decompressor and
 * writes them out again, each record at most `recordBytes` and the batch at most `batchBytes`:
 * a record past either limit is read through (hashed, never held) and replaced by a stub with
 * its offset and timestamp deltas, its key when short, its headers when they fit in the tail, a
 * null value and a {@link SKIPPED_RECORD_HEADER}. The batch keeps its record count, so kafkajs
 * gives every offset a message and the consumer dead-letters the stub by reference.
 */
export class RecordReframer {
  private readonly out: Buffer[] = [];
  private kept = 0;
  private read = 0;
  private records = 0;
  /** Length varint of the record being read, byte by byte. */
  private lengthBytes: number[] = [];
  private record?: { length: number; read: number; whole?: Buffer[]; hash?: Hash; prefix?: Buffer; tail?: Buffer };

  constructor(private readonly limits: ReframeLimits = DEFAULT_REFRAME_LIMITS) {}

  get count(): number {
    return this.records;
  }

  /** Decompressed bytes pushed so far. */
  get bytesRead(): number {
    return this.read;
  }

  push(chunk: Uint8Array): void {
    this.read += chunk.length;
    if (this.limits.readBytes !== undefined && this.read > this.limits.readBytes) throw new ReadBudgetExceeded(this.limits.readBytes);
    let at = 0;
    while (at < chunk.length) {
      if (!this.record) {
        const byte = chunk[at++];
        this.lengthBytes.push(byte);
        if (byte & 0x80) {
          if (this.lengthBytes.length >= 5) throw new Error('a record length varint is longer than 5 bytes');
          continue;
        }
        this.begin(zigzag(this.lengthBytes));
        this.lengthBytes = [];
        if (this.record!.length === 0) this.finish();
        continue;
      }
      const take = Math.min(chunk.length - at, this.record.length - this.record.read);
      this.consume(Buffer.from(chunk.buffer, chunk.byteOffset + at, take));
      at += take;
      if (this.record.read === this.record.length) this.finish();
    }
  }

  /** The records completed so far, for a stream that was cut short. */
  completed(): Buffer {
    return Buffer.concat(this.out);
  }

  /** The re-framed records; throws when the stream ended inside a record. */
  end(): Buffer {
    if (this.record || this.lengthBytes.length) throw new Error('the decompressed records end inside a record');
    return Buffer.concat(this.out);
  }

  /** Stubs for records the stream could not deliver at all, so the batch keeps its count. */
  static stubs(count: number, skipped: SkippedRecord, firstOffsetDelta = 0): Buffer {
    return Buffer.concat(
      Array.from({ length: count }, (_, i) =>
        encodeRecord({ offsetDelta: firstOffsetDelta + i, timestampDelta: 0n, key: null, headers: [[SKIPPED_RECORD_HEADER, seal(skipped)]] }),
      ),
    );
  }

  private begin(length: number): void {
    if (length < 0) throw new Error('a record has a negative length');
    const whole = length <= this.limits.recordBytes && this.kept + length <= this.limits.batchBytes;
    this.record = whole ? { length, read: 0, whole: [] } : { length, read: 0, hash: createHash('sha256'), prefix: Buffer.alloc(0), tail: Buffer.alloc(0) };
  }

  private consume(bytes: Buffer): void {
    const record = this.record!;
    record.read += bytes.length;
    if (record.whole) {
      record.whole.push(Buffer.from(bytes));
      return;
    }
    record.hash!.update(bytes);
    if (record.prefix!.length < PREFIX_BYTES) record.prefix = Buffer.concat([record.prefix!, bytes.subarray(0, PREFIX_BYTES - record.prefix!.length)]);
    const tail = Buffer.concat([record.tail!, bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES))]);
    record.tail = tail.subarray(Math.max(0, tail.length - TAIL_BYTES));
  }

  private finish(): void {
    const record = this.record!;
    this.record = undefined;
    this.records += 1;
    if (record.whole) {
      const body = Buffer.concat(record.whole);
      // A codec without a checksum (snappy) can turn damage into bytes that frame but do not parse.
      if (!wellFormed(body)) throw new Error(`record ${this.records - 1} of the batch is malformed`);
      this.out.push(varint(record.length), body);
      this.kept += body.length;
      return;
    }
    const cause: SkipCause = record.length > this.limits.recordBytes ? 'record-too-large' : 'batch-too-large';
    const skipped: SkippedRecord = { cause, bytes: record.length, sha256: record.hash!.digest('hex') };
    this.out.push(stubFrom(record.prefix!, record.tail!, record.length, skipped));
  }
}

/** The skipped-record note of a message, if this process set it (a forged or foreign one is ignored). */
export function skippedRecordOf(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): SkippedRecord | undefined {
  const raw = headers?.[SKIPPED_RECORD_HEADER];
  const text = Array.isArray(raw) ? raw[raw.length - 1]?.toString() : raw?.toString();
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as SkippedRecord & { nonce?: string };
    if (parsed.nonce !== NONCE) return undefined;
    const { nonce: _, ...skipped } = parsed;
    return skipped;
  } catch {
    return undefined;
  }
}

/** Whether the body reads as a record to its last byte: attributes, deltas, key, value, headers. */
function wellFormed(body: Buffer): boolean {
  const read = new Reader(body);
  try {
    read.byte();
    read.varlong();
    read.varint();
    for (let i = 0; i < 2; i++) {
      const length = read.varint();
      if (length >= 0) read.bytes(length);
    }
    const headers = read.varint();
    if (headers < 0) return false;
    for (let i = 0; i < headers && read.ok; i++) {
      read.bytes(read.varint());
      const length = read.varint();
      if (length >= 0) read.bytes(length);
    }
    return read.ok && read.at === body.length;
  } catch {
    return false;
  }
}

function seal(skipped: SkippedRecord): string {
  return JSON.stringify({ ...skipped, nonce: NONCE });
}

/** Rebuilds a record's stub from its first and last bytes: deltas, a short key, headers that fit. */
function stubFrom(prefix: Buffer, tail: Buffer, length: number, skipped: SkippedRecord): Buffer {
  const read = new Reader(prefix);
  read.byte(); // attributes: none are in use for records
  const timestampDelta = read.varlong();
  const offsetDelta = read.varint();
  const keyLength = read.varint();
  const key = keyLength >= 0 && keyLength <= 512 && read.has(keyLength) ? read.bytes(keyLength) : null;
  const headers: [string, string | Buffer][] = [];
  if (key !== null || keyLength < 0) {
    const valueLength = read.varint();
    const headersAt = read.at + Math.max(0, valueLength);
    const tailStart = length - tail.length;
    if (read.ok && headersAt >= tailStart) {
      try {
        const h = new Reader(tail.subarray(headersAt - tailStart));
        const count = h.varint();
        for (let i = 0; i < count && i < 64; i++) {
          const name = h.bytes(h.varint()).toString('utf8');
          const valueLen = h.varint();
          const value = valueLen < 0 ? Buffer.alloc(0) : h.bytes(valueLen);
          if (name !== SKIPPED_RECORD_HEADER) headers.push([name, value]);
        }
      } catch {
        headers.length = 0;
      }
    }
  }
  return encodeRecord({ offsetDelta, timestampDelta, key, headers: [...headers, [SKIPPED_RECORD_HEADER, seal(skipped)]] });
}

function encodeRecord(record: { offsetDelta: number; timestampDelta: bigint; key: Buffer | null; headers: [string, string | Buffer][] }): Buffer {
  const parts: Buffer[] = [Buffer.from([0]), varlong(record.timestampDelta), varint(record.offsetDelta)];
  parts.push(record.key === null ? varint(-1) : Buffer.concat([varint(record.key.length), record.key]));
  parts.push(varint(-1)); // the value: null
  parts.push(varint(record.headers.length));
  for (const [name, value] of record.headers) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
    parts.push(varint(n.length), n, varint(v.length), v);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([varint(body.length), body]);
}

function zigzag(bytes: number[]): number {
  let value = 0;
  bytes.forEach((b, i) => (value |= (b & 0x7f) << (7 * i)));
  return (value >>> 1) ^ -(value & 1);
}

function varint(value: number): Buffer {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

function varlong(value: bigint): Buffer {
  let v = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

/** Reads the fields of a record from a buffer that may end early: `ok` turns false instead of throwing. */
class Reader {
  at = 0;
  ok = true;
  constructor(private readonly buf: Buffer) {}
  has(n: number): boolean {
    return this.at + n <= this.buf.length;
  }
  byte(): number {
    if (!this.has(1)) return this.fail(0);
    return this.buf[this.at++];
  }
  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return (value >>> 1) ^ -(value & 1);
    }
    return this.fail(0);
  }
  varlong(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      value |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return (value >> 1n) ^ -(value & 1n);
    }
    this.ok = false;
    return 0n;
  }
  bytes(n: number): Buffer {
    if (n < 0 || !this.has(n)) {
      this.ok = false;
      throw new Error('past the end');
    }
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return Buffer.from(out);
  }
  private fail<T>(value: T): T {
    this.ok = false;
    return value;
  }
}
