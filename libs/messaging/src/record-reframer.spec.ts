import { createHash } from 'node:crypto';
// kafkajs's own record encoder and decoder: the reframed bytes must read as Kafka records do.
import Decoder from 'kafkajs/src/protocol/decoder';
import RecordDecoder from 'kafkajs/src/protocol/recordBatch/record/v0/decoder';
import Record from 'kafkajs/src/protocol/recordBatch/record/v0';
import { RecordReframer, SKIPPED_RECORD_HEADER, skippedRecordOf } from './record-reframer';

interface Decoded {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

const encode = (records: { key?: string | null; value: Buffer | string | null; headers?: Record<string, string> }[]) =>
  Buffer.concat(records.map((r, i) => Record({ offsetDelta: i, timestampDelta: i * 10, key: r.key ?? null, value: r.value, headers: r.headers }).buffer));

const decode = (buffer: Buffer, count: number): Decoded[] => {
  const decoder = new Decoder(buffer);
  return Array.from({ length: count }, () => RecordDecoder(new Decoder(decoder.readVarIntBytes()), { firstOffset: '100', firstTimestamp: '0' }) as Decoded);
};

/** Feeds the bytes in uneven chunks, as a decompressor does. */
const reframe = (bytes: Buffer, limits = { recordBytes: 1024, batchBytes: 4096 }, chunk = 7) => {
  const reframer = new RecordReframer(limits);
  for (let at = 0; at < bytes.length; at += chunk) reframer.push(bytes.subarray(at, at + chunk));
  return { out: reframer.end(), count: reframer.count };
};

describe('RecordReframer', () => {
  it('given records within the limits, when reframed in any chunking, then the bytes come out unchanged', () => {
    const bytes = encode([
      { key: 'acc-1', value: '{"a":1}', headers: { 'x-correlation-id': 'c1' } },
      { key: null, value: null },
      { key: 'acc-2', value: 'é'.repeat(100) },
    ]);
    for (const chunk of [1, 3, 64, 10_000]) expect(reframe(bytes, undefined, chunk)).toEqual({ out: bytes, count: 3 });
  });

  it('given a record over the record limit, then it becomes a stub with its offset, key, headers, size and hash, and the records around it stay whole', () => {
    const big = 'x'.repeat(5000);
    const bytes = encode([
      { key: 'acc-1', value: 'small' },
      { key: 'acc-1', value: big, headers: { 'x-correlation-id': 'corr-9' } },
      { key: 'acc-1', value: 'after' },
    ]);
    const { out, count } = reframe(bytes);
    expect(count).toBe(3);
    const [before, stub, after] = decode(out, 3);
    expect([before.value?.toString(), after.value?.toString(), after.offset]).toEqual(['small', 'after', '102']);
    expect(stub.offset).toBe('101');
    expect(stub.key?.toString()).toBe('acc-1');
    expect(stub.value).toBeNull();
    expect(stub.headers['x-correlation-id'].toString()).toBe('corr-9');
    // The second record's body, without its own length prefix, is what was hashed.
    const second = new Decoder(bytes);
    second.readVarIntBytes();
    const body = second.readVarIntBytes();
    expect(skippedRecordOf(stub.headers)).toEqual({ cause: 'record-too-large', bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
  });

  it('given records past the batch limit, then each later record is a stub and the count is kept', () => {
    const bytes = encode(Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(900) })));
    const { out, count } = reframe(bytes);
    expect(count).toBe(10);
    const decoded = decode(out, 10);
    expect(decoded.filter((r) => r.value !== null)).toHaveLength(4);
    expect(decoded.slice(4).map((r) => skippedRecordOf(r.headers)?.cause)).toEqual(Array(6).fill('batch-too-large'));
    expect(decoded.map((r) => r.offset)).toEqual(Array.from({ length: 10 }, (_, i) => String(100 + i)));
  });

  it('given a producer that forges the skipped-record header, then it is not taken for a stub', () => {
    const forged = { [SKIPPED_RECORD_HEADER]: Buffer.from(JSON.stringify({ cause: 'record-too-large', bytes: 1, sha256: 'ab', nonce: 'guess' })) };
    expect(skippedRecordOf(forged)).toBeUndefined();
    const [record] = decode(reframe(encode([{ key: 'k', value: 'v', headers: { [SKIPPED_RECORD_HEADER]: 'not json' } }])).out, 1);
    expect(skippedRecordOf(record.headers)).toBeUndefined();
  });

  it('given a stream that ends inside a record, then it says so', () => {
    const bytes = encode([{ key: 'k', value: 'value' }]);
    const reframer = new RecordReframer();
    reframer.push(bytes.subarray(0, bytes.length - 2));
    expect(() => reframer.end()).toThrow('inside a record');
  });

  it('given a record count the stream could not deliver, then stubs keep every offset', () => {
    const decoded = decode(RecordReframer.stubs(3, { cause: 'undecodable', detail: 'bad frame' }), 3);
    expect(decoded.map((r) => [r.offset, r.value, skippedRecordOf(r.headers)])).toEqual(
      [0, 1, 2].map((i) => [String(100 + i), null, { cause: 'undecodable', detail: 'bad frame' }]),
    );
  });
});
