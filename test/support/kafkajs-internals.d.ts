// kafkajs's wire encoder and decoder, which specs use to check bytes as Kafka itself frames them.
declare module 'kafkajs/src/protocol/decoder' {
  export default class Decoder {
    constructor(buffer: Buffer);
    readVarIntBytes(): Buffer;
  }
}
declare module 'kafkajs/src/protocol/recordBatch/record/v0/decoder' {
  import type Decoder from 'kafkajs/src/protocol/decoder';
  export default function decodeRecord(decoder: Decoder, context: { firstOffset: string; firstTimestamp: string }): unknown;
}
declare module 'kafkajs/src/protocol/recordBatch/record/v0' {
  export default function encodeRecord(record: {
    offsetDelta?: number;
    timestampDelta?: number;
    key: Buffer | string | null;
    value: Buffer | string | null;
    headers?: Record<string, string>;
  }): { buffer: Buffer };
}
declare module 'kafkajs/src/protocol/recordBatch/v0' {
  export function RecordBatch(batch: { compression?: number; lastOffsetDelta?: number; records: { buffer: Buffer }[] }): Promise<{ buffer: Buffer }>;
}
declare module 'kafkajs/src/protocol/recordBatch/v0/decoder' {
  import type Decoder from 'kafkajs/src/protocol/decoder';
  export default function decodeRecordBatch(
    decoder: Decoder,
  ): Promise<{ records: { offset: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer> }[] }>;
}
