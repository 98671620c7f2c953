import { DEAD_LETTER_CODES } from '../dead-letter-codes';
import { CORRELATION_HEADER, DLQ_HEADERS, Topics } from '../topics';
import { messageJsonSchemas } from './message-json-schemas';

type Json = Record<string, unknown>;

/** Bumped by hand when a message changes in a way a consumer must know about. */
const CONTRACT_VERSION = '1.0.0';

const KAFKA_BINDING = '0.5.0';
const ref = (path: string) => ({ $ref: path });
// A schema nested in the document carries no `$schema`: it is the document's own schema format.
const embedded = ({ $schema: _schema, ...schema }: Json): Json => schema;

const correlationHeaders = (required: boolean): Json => ({
  type: 'object',
  properties: {
    [CORRELATION_HEADER]: {
      type: 'string',
      description: "The request's correlation id: the event's correlationId, else the gateway request id. Logs of every service carry it.",
    },
  },
  ...(required ? { required: [CORRELATION_HEADER] } : {}),
});

const accountKey = (what: string): Json => ({
  bindings: {
    kafka: {
      key: { type: 'string', description: `The ${what}'s accountId, so that one account's messages stay in order on one partition.` },
      bindingVersion: KAFKA_BINDING,
    },
  },
});

const deadLetterHeaderSchema: Json = {
  type: 'object',
  description:
    "The original message's own headers (such as x-correlation-id) are kept, up to 64 of at most 8 KiB together (values over 1 KiB, names over 256 bytes and its own x-dlq-* headers are left out); these are added.",
  properties: {
    [DLQ_HEADERS.code]: {
      type: 'string',
      enum: Object.keys(DEAD_LETTER_CODES).sort(),
      description: Object.entries(DEAD_LETTER_CODES)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([code, meaning]) => `${code}: ${meaning}.`)
        .join(' '),
    },
    [DLQ_HEADERS.reason]: { type: 'string', maxLength: 4000, description: 'One line, the code first: which fields failed and why, or what the store or the code said.' },
    [DLQ_HEADERS.failedAt]: { type: 'string', format: 'date-time', description: 'When the message was set aside (UTC).' },
    [DLQ_HEADERS.sourceTopic]: { type: 'string', description: 'The topic it was read from (absent on DELIVERY_FAILED).' },
    [DLQ_HEADERS.sourcePartition]: { type: 'string', pattern: '^[0-9]+$', description: 'Its partition there, in decimal (absent on DELIVERY_FAILED).' },
    [DLQ_HEADERS.sourceOffset]: { type: 'string', pattern: '^[0-9]+$', description: 'Its offset there, in decimal (absent on DELIVERY_FAILED).' },
    [DLQ_HEADERS.originalBytes]: {
      type: 'string',
      pattern: '^[0-9]+$',
      description:
        'Present when the value is not the original whole (it was over 64 KiB): the original size in bytes after decompression. The original stays at the source offset until the topic retention.',
    },
    [DLQ_HEADERS.originalSha256]: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'With x-dlq-original-bytes: sha256 of the original value, or of the whole record when the consumer never held it.',
    },
    [DLQ_HEADERS.valueKept]: {
      type: 'string',
      enum: ['prefix', 'none'],
      description: "With x-dlq-original-bytes: 'prefix', the value is the original's first 4 KiB; 'none', the value is empty.",
    },
    [DLQ_HEADERS.headersDropped]: { type: 'string', pattern: '^[0-9]+$', description: "How many of the original's headers were left out for their size or number." },
    [DLQ_HEADERS.contentHash]: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'On DUPLICATE_ID_CONFLICT only: the sha256 of this event as parsed, in canonical JSON (keys sorted, occurredAt in UTC, correlationId left out).',
    },
    [DLQ_HEADERS.recordedContentHash]: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'On DUPLICATE_ID_CONFLICT only: the same hash of the event already recorded under this accountId and id, which stands.',
    },
  },
  required: [DLQ_HEADERS.code, DLQ_HEADERS.reason, DLQ_HEADERS.failedAt],
};

const deadLetterMessage = (source: string): Json => ({
  name: 'DeadLetter',
  title: `A message set aside from ${source}`,
  summary: `The original key and bytes from ${source}, unchanged up to 64 KiB (they may not even be JSON); a larger value is cut to its first 4 KiB or left out, with its size and hash in the headers; why in the headers.`,
  contentType: 'application/octet-stream',
  headers: deadLetterHeaderSchema,
  payload: { type: 'string', format: 'binary', description: 'The original value as it was read.' },
  bindings: { kafka: { key: { type: 'string', description: 'The original key (the accountId), or empty when there was none.' }, bindingVersion: KAFKA_BINDING } },
});

const channel = (address: string, description: string, message: string): Json => ({
  address,
  description,
  messages: { [message]: ref(`#/components/messages/${message}`) },
  bindings: { kafka: { topic: address, bindingVersion: KAFKA_BINDING } },
});

const operation = (action: 'send' | 'receive', channelId: string, message: string, summary: string): Json => ({
  action,
  channel: ref(`#/channels/${channelId}`),
  messages: [ref(`#/channels/${channelId}/messages/${message}`)],
  summary,
});

/** The AsyncAPI 3 document of the five topics, from the schemas, topic names and headers the code uses. */
export function asyncApiDocument(): Json {
  const schemas = messageJsonSchemas();
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Account Sentinel messages',
      version: CONTRACT_VERSION,
      description:
        'The Kafka topics of Account Sentinel. A deployment may prefix every topic name (KAFKA_TOPIC_PREFIX) to share a cluster. ' +
        'Every JSON value is UTF-8; consumers are idempotent by the message id, so a message may arrive more than once.',
    },
    defaultContentType: 'application/json',
    channels: {
      accountEvents: channel(
        Topics.accountEvents,
        "Account activity from the lending platform, through the gateway or produced directly; and the borrower's applied answers to cases (borrower.answered), which only Sentinel publishes.",
        'accountEvent',
      ),
      accountEventsDlq: channel(Topics.accountEventsDlq, 'Events the detector could not take: refused by the contract, or failing every time alone.', 'eventDeadLetter'),
      accountAlerts: channel(Topics.accountAlerts, 'What the detector asks the notifier to tell a borrower.', 'alertMessage'),
      accountAlertsDlq: channel(Topics.accountAlertsDlq, 'Alerts the notifier refused or could not deliver.', 'alertDeadLetter'),
      accountActions: channel(Topics.accountActions, 'Recommendations for the platform: hold a disbursement or a card binding.', 'accountAction'),
    },
    operations: {
      gatewaySendsEvents: operation('send', 'accountEvents', 'accountEvent', 'The gateway publishes each event it accepted over HTTP.'),
      sentinelSendsAnswers: operation(
        'send',
        'accountEvents',
        'accountEvent',
        "When a borrower's answer to a case is applied, the console or gateway that took it writes borrower.answered to the outbox and the detector's relay publishes it, so that the trust model learns from it. The gateway refuses that type over HTTP.",
      ),
      detectorReceivesEvents: operation('receive', 'accountEvents', 'accountEvent', 'The detector judges each event against the rules.'),
      detectorSendsEventDeadLetters: operation('send', 'accountEventsDlq', 'eventDeadLetter', 'The detector sets aside events it cannot take.'),
      detectorSendsAlerts: operation('send', 'accountAlerts', 'alertMessage', 'The detector (through its outbox) asks for a borrower to be told.'),
      notifierReceivesAlerts: operation('receive', 'accountAlerts', 'alertMessage', 'The notifier sends the alert by email and SMS.'),
      notifierSendsAlertDeadLetters: operation('send', 'accountAlertsDlq', 'alertDeadLetter', 'The notifier sets aside alerts it cannot take or deliver.'),
      sentinelSendsActions: operation(
        'send',
        'accountActions',
        'accountAction',
        'The detector (urgent risk) and the console (a borrower answered "not me") recommend an action, through the outbox.',
      ),
    },
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, embedded(schema)])),
      messages: {
        accountEvent: {
          name: 'AccountEvent',
          title: 'Account event',
          contentType: 'application/json',
          headers: correlationHeaders(true),
          payload: ref('#/components/schemas/account-event'),
          ...accountKey('event'),
        },
        eventDeadLetter: deadLetterMessage(Topics.accountEvents),
        alertMessage: {
          name: 'AlertMessage',
          title: 'Alert message',
          contentType: 'application/json',
          headers: correlationHeaders(false),
          payload: ref('#/components/schemas/alert-message'),
          ...accountKey('alert'),
        },
        alertDeadLetter: deadLetterMessage(Topics.accountAlerts),
        accountAction: {
          name: 'AccountAction',
          title: 'Account action',
          contentType: 'application/json',
          headers: correlationHeaders(false),
          payload: ref('#/components/schemas/account-action'),
          ...accountKey('action'),
        },
      },
    },
  };
}
