import { CompressionTypes } from 'kafkajs';
import Decoder from 'kafkajs/src/protocol/decoder';
import Record from 'kafkajs/src/protocol/recordBatch/record/v0';
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0';
import decodeRecordBatch from 'kafkajs/src/protocol/recordBatch/v0/decoder';
import { registerBoundedCodecs } from './bounded-codecs';
import { skippedRecordOf } from './record-reframer';

/** Whole record batches, encoded and decoded by kafkajs's own protocol code with our codecs in place. */
describe('bounded codecs', () => {
  beforeAll(() => registerBoundedCodecs({ recordBytes: 64 * 1024, batchBytes: 1024 * 1024 }));

  const batch = async (compression: number, values: (string | Buffer)[], lastOffsetDelta = values.length - 1) =>
    (await RecordBatch({ compression, lastOffsetDelta, records: values.map((value, i) => Record({ offsetDelta: i, key: `k${i}`, value })) })).buffer;
  const decode = async (bytes: Buffer) => (await decodeRecordBatch(new Decoder(bytes))).records;

  it('given a gzip bomb (64 MiB of zeros in one record), when decoded, then the record is a stub and the next one reads whole', async () => {
    const records = await decode(await batch(CompressionTypes.GZIP, [Buffer.alloc(64 * 1024 * 1024), 'after']));
    expect(records.map((r) => r.offset)).toEqual(['0', '1']);
    expect(records[0].value).toBeNull();
    expect(skippedRecordOf(records[0].headers)).toMatchObject({ cause: 'record-too-large', bytes: expect.any(Number) as number });
    expect(skippedRecordOf(records[0].headers)!.bytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(records[1].value?.toString()).toBe('after');
  });

  it.each([
    ['gzip', CompressionTypes.GZIP],
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
  ])('given %s records that cannot be decompressed, then each offset gets a stub saying so', async (_name, codec) => {
    const bytes = await batch(codec, ['one', 'two', 'three']);
    // The records are the batch's tail: break them, not the header that counts them.
    bytes.fill(0xff, bytes.length - 12);
    const records = await decode(bytes);
    expect(records.map((r) => [r.offset, r.value, skippedRecordOf(r.headers)?.cause])).toEqual([
      ['0', null, 'undecodable'],
      ['1', null, 'undecodable'],
      ['2', null, 'undecodable'],
    ]);
  });

  it('given broken records in a batch whose header does not agree with itself, then it throws instead of guessing a count', async () => {
    const bytes = await batch(CompressionTypes.GZIP, ['one', 'two'], 5);
    bytes.fill(0xff, bytes.length - 12);
    await expect(decode(bytes)).rejects.toThrow();
  });

  it('given records under the limits in each codec kafkajs can write, then they read back unchanged', async () => {
    for (const codec of [CompressionTypes.GZIP, CompressionTypes.Snappy, CompressionTypes.LZ4]) {
      const values = ['a', 'é'.repeat(10_000), '{"x":1}'];
      expect((await decode(await batch(codec, values))).map((r) => r.value?.toString())).toEqual(values);
    }
  });
});
