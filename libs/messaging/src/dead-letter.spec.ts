import { DLQ_HEADERS } from '@sentinel/contracts';
import type { KafkaMessage } from 'kafkajs';
import { createHash } from 'node:crypto';
import Decoder from 'kafkajs/src/protocol/decoder';
import decodeRecord from 'kafkajs/src/protocol/recordBatch/record/v0/decoder';
import { DEAD_LETTER_LIMITS, deadLetter, deadLetterSize, skippedCause } from './dead-letter';
import { RecordReframer } from './record-reframer';

const at = new Date('2026-12-06T00:00:00Z');
const message = (value: Buffer | null, headers: KafkaMessage['headers'] = {}, key: Buffer | null = Buffer.from('acc-1')): KafkaMessage => ({
  key,
  value,
  headers,
  offset: '42',
  timestamp: '0',
  attributes: 0,
});
const source = (m: KafkaMessage) => ({ topic: 'account.events', partition: 3, message: m });

describe('deadLetter', () => {
  it('given a value within the event limit, then it is carried whole with where and why', () => {
    const value = Buffer.from('{"not":"an event"}');
    const letter = deadLetter(source(message(value, { 'x-correlation-id': Buffer.from('c-1') })), { code: 'INVALID_EVENT', issues: [{ path: 'type', message: 'missing' }] }, at);
    expect(letter.value).toEqual(value);
    expect(letter.headers).toMatchObject({ 'x-correlation-id': 'c-1', [DLQ_HEADERS.code]: 'INVALID_EVENT', [DLQ_HEADERS.sourceOffset]: '42', [DLQ_HEADERS.sourcePartition]: '3' });
    expect(letter.headers).not.toHaveProperty(DLQ_HEADERS.originalBytes);
  });

  it('given a 5 MiB value, then the letter carries its first 4 KiB, its size and its hash, and fits any broker', () => {
    const value = Buffer.alloc(5 * 1024 * 1024, 'a');
    const letter = deadLetter(source(message(value)), { code: 'OVERSIZED', issues: [{ path: '(root)', message: 'too big' }] }, at);
    expect(letter.value).toEqual(value.subarray(0, DEAD_LETTER_LIMITS.prefixBytes));
    expect(letter.headers).toMatchObject({
      [DLQ_HEADERS.originalBytes]: String(value.length),
      [DLQ_HEADERS.originalSha256]: createHash('sha256').update(value).digest('hex'),
      [DLQ_HEADERS.valueKept]: 'prefix',
    });
    expect(deadLetterSize(letter)).toBeLessThan(32 * 1024);
  });

  it('given huge, many or forged headers and a huge key, then what is kept is bounded and the rest counted', () => {
    const headers: KafkaMessage['headers'] = { 'x-correlation-id': Buffer.from('keep-me'), big: Buffer.alloc(100_000, 'h'), [DLQ_HEADERS.code]: Buffer.from('FORGED') };
    for (let i = 0; i < 200; i++) headers[`h${i}`] = Buffer.from('v'.repeat(100));
    const letter = deadLetter(source(message(Buffer.from('x'), headers, Buffer.alloc(1_000_000, 'k'))), { code: 'MALFORMED_JSON', issues: [] }, at);
    expect(letter.headers![DLQ_HEADERS.code]).toBe('MALFORMED_JSON');
    expect(letter.headers!['x-correlation-id']).toBe('keep-me');
    expect(letter.headers).not.toHaveProperty('big');
    expect(Number(letter.headers![DLQ_HEADERS.headersDropped])).toBeGreaterThan(100);
    expect(Buffer.byteLength(letter.key)).toBeLessThanOrEqual(DEAD_LETTER_LIMITS.keyBytes);
    expect(deadLetterSize(letter)).toBeLessThan(16 * 1024);
  });

  it('given a record the consumer replaced by a stub, then it is OVERSIZED by its real size, carried by reference', () => {
    // The stub as kafkajs hands it over, decoded by kafkajs itself.
    const bytes = new Decoder(RecordReframer.stubs(1, { cause: 'record-too-large', bytes: 6_000_000, sha256: 'ab'.repeat(32) })).readVarIntBytes();
    const { headers } = decodeRecord(new Decoder(bytes), { firstOffset: '42', firstTimestamp: '0' }) as { headers: KafkaMessage['headers'] };
    const stub = message(null, headers);
    const cause = skippedCause(stub);
    expect(cause).toEqual({ code: 'OVERSIZED', issues: [{ path: '(root)', message: 'the record is 6000000 bytes after decompression; at most 65536 are accepted' }] });
    const letter = deadLetter(source(stub), cause!, at);
    expect(letter.value).toHaveLength(0);
    expect(letter.headers).toMatchObject({ [DLQ_HEADERS.originalBytes]: '6000000', [DLQ_HEADERS.originalSha256]: 'ab'.repeat(32), [DLQ_HEADERS.valueKept]: 'none' });
    expect(letter.headers).not.toHaveProperty('x-sentinel-skipped');
  });
});
