import { CompressionCodecs, CompressionTypes } from 'kafkajs';
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

  it('given a record over the record limit, when decoded, then it is a stub with its size and the next one reads whole', async () => {
    const records = await decode(await batch(CompressionTypes.GZIP, [Buffer.alloc(300 * 1024), 'after']));
    expect(records.map((r) => r.offset)).toEqual(['0', '1']);
    expect(records[0].value).toBeNull();
    expect(skippedRecordOf(records[0].headers)).toMatchObject({ cause: 'record-too-large', bytes: expect.any(Number) as number });
    expect(skippedRecordOf(records[0].headers)!.bytes).toBeGreaterThan(300 * 1024);
    expect(records[1].value?.toString()).toBe('after');
  });

  it('given a gzip bomb (64 MiB of zeros in one record), then reading stops at the batch budget: what came before stands, the bomb and what follows are stubs', async () => {
    const records = await decode(await batch(CompressionTypes.GZIP, ['before', Buffer.alloc(64 * 1024 * 1024), 'after']));
    expect(records.map((r) => [r.offset, r.value?.toString() ?? null, skippedRecordOf(r.headers)?.cause])).toEqual([
      ['0', 'before', undefined],
      ['1', null, 'batch-too-large'],
      ['2', null, 'batch-too-large'],
    ]);
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

  it('given records that decompress past the batch read budget (a thousand times their size), then those read stand and the rest are stubs, every offset kept', async () => {
    const records = await decode(
      await batch(
        CompressionTypes.GZIP,
        Array.from({ length: 40 }, () => Buffer.alloc(60 * 1024)),
      ),
    );
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    const whole = records.filter((r) => r.value !== null);
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.length).toBeLessThan(40);
    expect(records.slice(whole.length).every((r) => skippedRecordOf(r.headers)?.cause === 'batch-too-large')).toBe(true);
  });

  it('given a zstd frame that declares a 128 MiB window, then it is refused before fzstd allocates it', async () => {
    const codecs = CompressionCodecs as unknown as Record<number, () => { decompress(b: Buffer): Promise<Buffer> }>;
    const bomb = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 17 << 3]), Buffer.from([0x09, 0x00, 0x00, 0x41])]);
    // Alone, with no batch header before it to count records by, the refusal is thrown as it is.
    await expect(codecs[CompressionTypes.ZSTD]().decompress(Buffer.from(bomb))).rejects.toThrow('declares a window of 134217728 bytes');
  });
});
