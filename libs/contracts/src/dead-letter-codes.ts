import type { IdentityConflict, ProcessingFailure, ValidationFailure } from './validation-failure';

/** Every value of the `x-dlq-code` header; the AsyncAPI document lists them with these meanings. */
export type DeadLetterCode = ValidationFailure['code'] | ProcessingFailure['code'] | IdentityConflict['code'] | 'DELIVERY_FAILED';

// `satisfies` makes a new code fail to compile until it is described here, and so in the contract.
export const DEAD_LETTER_CODES = {
  MALFORMED_JSON: 'the value is empty or not JSON',
  INVALID_ENCODING: 'the value is not valid UTF-8',
  OVERSIZED:
    'the value is larger than an event may be (64 KiB), or the record was larger than 256 KiB after decompression (then the dead letter carries no value, only its size and hash)',
  UNKNOWN_EVENT_TYPE: 'the event type is not one of the published event schemas',
  INVALID_EVENT: 'the message does not match its schema, holds unsafe text, or holds contact or card data in free text',
  OUT_OF_RANGE_TIME: 'occurredAt is too far in the future or too old to be live activity',
  UNDECODABLE: 'the compressed batch that carried the message could not be decompressed; the dead letter carries no value, only where the original is',
  UNPROCESSABLE: 'the message was valid but failed every time it was processed alone (the store refused it, or the code threw)',
  DUPLICATE_ID_CONFLICT:
    'the account already has an event with this id and other content (ids are unique per accountId); the recorded event stands, x-dlq-content-hash and x-dlq-recorded-content-hash give both sha256 hashes, and an identical redelivery is dropped without a dead letter',
  DELIVERY_FAILED: 'the notifier could not deliver the alert on a channel after its retries; the value is the alert as received',
} as const satisfies Record<DeadLetterCode, string>;
