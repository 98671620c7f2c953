/** Headers a record keeps when kafkajs decodes it; the rest are read past, never kept. */
export const MAX_RECORD_HEADERS = 64;

interface KafkajsDecoder {
  offset: number;
  buffer: Buffer;
  readVarInt(): number;
  readInt32(): number;
}

let hardened = false;

/**
 * Makes kafkajs read records as the broker does, where the two differ in ways an attacker can use:
 * - a negative length other than -1 is null to the broker (Java's `Utils.readBytes`); kafkajs
 *   moved its read position backwards and failed the whole fetch, for every partition it held;
 * - headers: kafkajs copies its header object once per header (quadratic: 10,000 headers took 90 s
 *   of one thread, past the session timeout, and the same fetch came again); a record keeps the
 *   first {@link MAX_RECORD_HEADERS} and the others are read past.
 * kafkajs 2.2.4 is pinned: these replace methods of its protocol decoder.
 */
export function hardenKafkajsDecoder(): void {
  if (hardened) return;
  hardened = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's wire decoder is not part of its typed API
  const { prototype } = require('kafkajs/src/protocol/decoder') as { prototype: Record<string, unknown> };
  const slice = (decoder: KafkajsDecoder, length: number) => {
    const bytes = decoder.buffer.slice(decoder.offset, decoder.offset + length);
    decoder.offset += length;
    return bytes;
  };
  prototype.readVarIntBytes = function (this: KafkajsDecoder) {
    const length = this.readVarInt();
    return length < 0 ? null : slice(this, length);
  };
  prototype.readVarIntString = function (this: KafkajsDecoder) {
    const length = this.readVarInt();
    return length < 0 ? null : slice(this, length).toString('utf8');
  };
  prototype.readBytes = function (this: KafkajsDecoder, length: number = this.readInt32()) {
    return length < 0 ? null : slice(this, length);
  };
  prototype.readVarIntArray = function <T>(this: KafkajsDecoder, reader: (decoder: KafkajsDecoder) => T) {
    const length = this.readVarInt();
    const kept: T[] = [];
    for (let i = 0; i < length; i++) {
      const item = reader(this);
      if (kept.length < MAX_RECORD_HEADERS) kept.push(item);
    }
    return kept;
  };
}
