import Decoder from 'kafkajs/src/protocol/decoder';
import decodeRecord from 'kafkajs/src/protocol/recordBatch/record/v0/decoder';
import { hardenKafkajsDecoder, MAX_RECORD_HEADERS } from './kafkajs-decoder-hardening';

const zigzag = (n: number) => {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
};

/** A record body as the broker stores it: attributes, deltas, key, value, headers. */
const body = (keyLength: number, value: string, headers: [string, string][] = []) =>
  Buffer.concat([
    Buffer.from([0, 0, 0]),
    zigzag(keyLength),
    zigzag(value.length),
    Buffer.from(value),
    zigzag(headers.length),
    ...headers.flatMap(([k, v]) => [zigzag(k.length), Buffer.from(k), zigzag(v.length), Buffer.from(v)]),
  ]);

const decode = (bytes: Buffer) =>
  decodeRecord(new Decoder(bytes), { firstOffset: '0', firstTimestamp: '0' }) as { key: Buffer | null; value: Buffer | null; headers: Record<string, unknown> };

describe('kafkajs decoder, hardened', () => {
  beforeAll(() => hardenKafkajsDecoder());

  it('given a key length of -2 (null to the broker), then the record reads as the broker reads it, not out of alignment', () => {
    const record = decode(body(-2, '{}'));
    expect(record.key).toBeNull();
    expect(record.value?.toString()).toBe('{}');
  });

  it('given 10,000 headers on one record, then it decodes with the first 64 kept, in linear time', () => {
    const headers = Array.from({ length: 10_000 }, (_, i): [string, string] => [`h${i}`, 'v']);
    const record = decode(body(-1, '{}', headers));
    expect(Object.keys(record.headers)).toHaveLength(MAX_RECORD_HEADERS);
    expect(record.headers.h0?.toString()).toBe('v');
    expect(record.value?.toString()).toBe('{}');
  });
});
