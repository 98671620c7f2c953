import { ACCOUNT_EVENT_TYPES, MAX_EVENT_BYTES, type AccountEventType } from '@sentinel/contracts';
import { CompressionTypes } from 'kafkajs';
import fc from 'fast-check';

/**
 * Random account events for the fuzz suite (test/fuzz.e2e-spec.ts): fully valid ones, valid ones
 * with one field broken, and whatever a hostile or buggy producer could send instead.
 */

/** JSON text put in verbatim: numbers JSON.stringify cannot spell (1e400, -0, 2^53+1) and deep nesting. */
class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify that writes RawJson verbatim; undefined drops an object field and is null in an array. */
function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  // Indexed, not value.map: fc.anything makes arrays with an own `constructor`, which map trips on.
  if (Array.isArray(value)) return `[${Array.from({ length: value.length }, (_, i) => (value[i] === undefined ? 'null' : toJson(value[i]))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Text a store or a log line may trip on, though the contract lets all of it through. */
const ODD_BUT_VALID = [
  '\u202e',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\t',
  '\r\n',
  '😀',
  '👩‍👩‍👧',
  '🇨🇳',
  '中文',
  '𠀋',
  '李伟',
  'é',
  'é',
  'ﷺ',
  'שלום',
  '"',
  '\\',
  '\\u0000',
  '</script>',
  "'; DROP TABLE account_event;--",
  '%s%n',
  '${x}',
  '{{x}}',
];
/** Text no store can take: the contract must refuse it. */
const UNSAFE = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83d', '\ude00b'];

const controlCharacter = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const anyCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const unsafeFree = (s: string) => !/\0|[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));

/** Free text the contract accepts, at most `max` UTF-16 units (zod counts those). */
const validText = (max: number) =>
  fc
    .array(fc.oneof(fc.constantFrom(...ODD_BUT_VALID), anyCodePoint, fc.string({ unit: 'grapheme-ascii', maxLength: 4 })), { minLength: 1, maxLength: 12 })
    .map((parts) => parts.join(''))
    .filter((s) => s.length >= 1 && s.length <= max && unsafeFree(s));

/** Free text right at its limit of `max` UTF-16 units, in astral, right-to-left, zero-width and control characters. */
const textAtLimit = (max: number) => fc.constantFrom('😀', '中', '\u202e', '\u200b', '\u0007', 'é').map((unit) => unit.repeat(Math.floor(max / unit.length)));
const freeText = (max: number) => fc.oneof({ weight: 1, arbitrary: textAtLimit(max) }, { weight: 4, arbitrary: validText(max) });

/** Any text at all, lone surrogates and NUL included. */
const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.oneof(fc.constantFrom(...ODD_BUT_VALID, ...UNSAFE), controlCharacter, anyCodePoint), { maxLength: 10 }).map((parts) => parts.join('')),
);

const oddNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    new RawJson('1e308'),
    new RawJson('-1e308'),
    new RawJson('1e400'),
    new RawJson('-1e400'),
    new RawJson('-0'),
    new RawJson('-0.0'),
    new RawJson('9007199254740993'),
    new RawJson('1e-400'),
    new RawJson('1.0'),
    new RawJson('1E2'),
    new RawJson('0.1'),
    'NaN',
    'Infinity',
    '-Infinity',
    '1e308',
    '-0',
    '9007199254740993',
  ),
  fc.double(),
  fc.integer(),
  fc.bigInt().map((n) => new RawJson(n.toString())),
);

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` deep. */
const deepNesting = (maxDepth: number) =>
  fc
    .tuple(fc.integer({ min: 64, max: maxDepth }), fc.boolean())
    .map(([depth, arrays]) => new RawJson(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: oddText },
  { weight: 2, arbitrary: oddNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, undefined) },
  // Dates and times at the edges of what ISO 8601, JavaScript and Postgres each take.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '0000-01-01',
      '0000-02-29',
      '2026-02-30',
      '10000-01-01',
      '0001-01-01',
      '9999-12-31',
      '2026-11-29T25:00:00Z',
      '2026-11-29T10:00:00+24:00',
      '+275760-09-13T00:00:00Z',
      '2026-11-29T10:00:00.1234567890Z',
      '2026-11-29',
    ),
  },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 4, stringUnit: 'binary' }) },
  { weight: 1, arbitrary: deepNesting(20_000) },
);

// The contract's edges are where a store or a rule disagrees with it: they come up often.
const edge = <T>(values: T[], arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...values) }, { weight: 3, arbitrary });
const identifier = edge(['A', `A${':'.repeat(127)}`, `0${'_'.repeat(127)}`], fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/));
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const card = fc.record({ ref: identifier, first6: digits(6), last4: digits(4), issuer: freeText(64), holderName: freeText(64) }, { requiredKeys: ['ref', 'last4'] });
const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
// Any day ISO 8601 spells in four digits; the contract decides which of them it takes.
const day = edge(
  ['0000-01-01', '0000-02-29', '0001-01-01', '9999-12-31', '2024-02-29', '2000-02-29'],
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

const PAYLOADS: { [T in AccountEventType]: fc.Arbitrary<object> } = {
  'card.bound': fc.record({ card }),
  'card.unbound': fc.record({ card, reason: freeText(200) }, { requiredKeys: ['card'] }),
  'card.invalidated': fc.record({ card, reason: fc.constantFrom('expired', 'cancelled_by_bank', 'reported_lost', 'other') }),
  'loan.opened': fc.record(
    {
      loanId: identifier,
      amountMinor: edge([1, 1e13], fc.integer({ min: 1, max: 1e13 })),
      currency: fc.constantFrom('CNY', 'USD', 'HKD'),
      merchantId: identifier,
      termMonths: edge([1, 600], fc.integer({ min: 1, max: 600 })),
    },
    { requiredKeys: ['loanId', 'amountMinor', 'currency'] },
  ),
  'consent.verified': fc.record(
    { method: fc.constantFrom('otp', 'face', 'esign'), purpose: fc.constantFrom('loan', 'card.bind', 'card.unbind', 'contact.change'), subjectId: identifier },
    { requiredKeys: ['method', 'purpose'] },
  ),
  'identity.document.updated': fc.record(
    { documentType: fc.constantFrom('resident_id', 'passport', 'other'), numberLast4: fc.stringMatching(/^[0-9Xx]{4}$/), expiresOn: day },
    { requiredKeys: ['documentType', 'expiresOn'] },
  ),
  'contact.changed': fc.oneof(
    digits(11).map((n) => ({ kind: 'phone', value: `+86${n}` })),
    fc.stringMatching(/^[a-z0-9]{1,20}$/).map((local) => ({ kind: 'email', value: `${local}@example.com` })),
  ),
  'device.login': fc.record({ method: fc.constantFrom('password', 'otp', 'biometric', 'sso') }),
  'password.reset': fc.record({ method: fc.constantFrom('sms', 'email', 'support') }),
  'preferences.updated': fc.record(
    {
      locale: fc.constantFrom('zh-CN', 'en'),
      channels: fc.constantFrom(['email'], ['sms'], ['email', 'sms']),
      quietHours: fc.option(fc.record({ start: clock, end: clock }), { nil: null }),
    },
    { requiredKeys: [] },
  ),
  'borrower.answered': fc.record({
    answer: fc.constantFrom('me', 'not_me'),
    caseReference: identifier,
    devices: fc.uniqueArray(fc.record({ id: identifier, flaggedAt: day.map((d) => `${d}T08:00:00Z`) }), { selector: (d) => d.id, maxLength: 8 }),
  }),
};

/** An instant well inside the live window, spelt in one of the ways ISO 8601 with an offset allows. */
const occurredAt = fc.tuple(fc.integer({ min: 60_000, max: 30 * 86_400_000 }), fc.constantFrom('Z', 'ms', '+08:00', '-05:30')).map(([ago, form]) => {
  const at = new Date(Date.now() - ago);
  if (form === 'ms') return at.toISOString();
  if (form === 'Z') return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const minutes = (form === '+08:00' ? 1 : -1) * (form === '+08:00' ? 480 : 330);
  return `${new Date(at.getTime() + minutes * 60_000).toISOString().slice(0, 19)}${form}`;
});

let sequence = 0;
/** Ids unique across the suite, so that every event can be looked for on its own. */
const runTag = `fz${Date.now().toString(36)}`;
const freshId = () => `${runTag}-${++sequence}`;

/** A fully valid event of any type; its id is drawn when it is generated. */
const validEvent: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...ACCOUNT_EVENT_TYPES)
  .chain((type) =>
    fc.record(
      {
        schemaVersion: fc.constant(1),
        type: fc.constant(type),
        accountId: identifier,
        occurredAt,
        channel: fc.oneof(
          fc.constantFrom('app', 'web', 'support', 'system'),
          fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/).map((p) => `partner:${p}`),
        ),
        actor: fc.record({ kind: fc.constantFrom('borrower', 'agent', 'partner', 'system'), id: identifier }, { requiredKeys: ['kind'] }),
        device: fc.record({ id: identifier, ip: fc.oneof(fc.ipV4(), fc.constantFrom('::1', '2001:db8::7', 'fe80::1')) }, { requiredKeys: ['id'] }),
        correlationId: identifier,
        payload: PAYLOADS[type],
      },
      { requiredKeys: ['schemaVersion', 'type', 'accountId', 'occurredAt', 'channel', 'actor', 'payload'] },
    ),
  )
  .map((event) => ({ id: freshId(), ...event }));

/** Every path into an object, containers included, so a mutation may hit any level. */
function pathsOf(value: unknown, at: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...at, key], ...pathsOf(child, [...at, key])]);
}

function mutate(event: Record<string, unknown>, pick: number, kind: 'drop' | 'replace' | 'add', value: unknown, name: string): Record<string, unknown> {
  const copy = structuredClone(event);
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length];
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (kind === 'drop') delete parent[last];
  else if (kind === 'replace') parent[last] = value;
  else {
    const target = typeof parent[last] === 'object' && parent[last] !== null ? (parent[last] as Record<string, unknown>) : parent;
    // An own field even when named __proto__, as JSON.parse makes it.
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** A valid event with one field dropped, replaced by an odd value, or joined by an unknown one. */
const brokenEvent = fc
  .tuple(
    validEvent,
    fc.nat(),
    fc.constantFrom('drop' as const, 'replace' as const, 'add' as const),
    oddValue,
    fc.oneof(oddText, fc.constantFrom('__proto__', 'constructor', 'pan', 'id')),
  )
  .map(([event, pick, kind, value, name]) => mutate(event, pick, kind, value, name));

/** Anything at all in place of an event. */
const notAnEvent: fc.Arbitrary<unknown> = fc.oneof(
  oddValue,
  fc.dictionary(fc.oneof(fc.constantFrom('id', 'type', 'accountId', 'payload'), oddText), oddValue, { maxKeys: 5 }),
  fc.tuple(oddText, oddValue).map(([type, payload]) => ({
    id: freshId(),
    schemaVersion: 1,
    type,
    accountId: 'acc-1',
    occurredAt: new Date().toISOString(),
    channel: 'app',
    actor: { kind: 'borrower' },
    payload,
  })),
);

/** A valid event padded with a free-text field to about `MAX_EVENT_BYTES`, in characters of 1, 3 or 4 UTF-8 bytes. */
const nearTheLimit = fc
  .tuple(validEvent, fc.integer({ min: -600, max: 200 }), fc.constantFrom('x', '中', '😀'), fc.constantFrom('reason', 'padding'))
  .map(([event, offset, unit, field]) => {
    const base = Buffer.byteLength(toJson({ ...event, [field]: '' }));
    const units = Math.max(0, Math.floor((MAX_EVENT_BYTES + offset - base) / Buffer.byteLength(unit)));
    return field === 'reason' ? { ...event, payload: { ...(event.payload as object), reason: unit.repeat(units) } } : { ...event, padding: unit.repeat(units) };
  });

/**
 * Preferences whose channels sit around the contract's limits: none, each once, one repeated,
 * more values than there are channels, and the 7,000 copies of "email" of issue 22.
 */
const channelsAtTheLimit = fc
  .tuple(
    validEvent,
    fc.oneof(
      fc.array(fc.constantFrom('email', 'sms'), { minLength: 0, maxLength: 4 }),
      fc.constantFrom(['email', 'sms'], ['sms', 'email'], ['email', 'email'], ['sms', 'email', 'sms']),
      fc.integer({ min: 3, max: 7000 }).map((n) => Array.from({ length: n }, () => 'email')),
    ),
  )
  .map(([event, channels]) => ({ ...event, type: 'preferences.updated', payload: { channels } }));

/**
 * Two or three valid events under one id: on other accounts (two events, both recorded), on one
 * account with other content (the first recorded stands, the rest DUPLICATE_ID_CONFLICT), or the
 * same event again (a redelivery, dropped quietly). Events on one account are keyed alike, so they
 * reach one partition in order, as a producer keying by account sends them.
 */
const reusedIds: fc.Arbitrary<Record<string, unknown>[]> = fc
  .tuple(validEvent, fc.array(fc.tuple(validEvent, fc.constantFrom('other-account' as const, 'same-account' as const, 'same-event' as const)), { minLength: 1, maxLength: 2 }))
  .map(([first, others]) => [
    first,
    ...others.map(([other, how]) =>
      how === 'same-event'
        ? structuredClone(first)
        : how === 'same-account'
          ? { ...other, id: first.id, accountId: first.accountId }
          : { ...other, id: first.id, accountId: `${String(first.accountId).slice(0, 100)}-x` },
    ),
  ]);

/** What may be on the topic: an event of any kind, as JSON. */
const anyEvent: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: validEvent },
  { weight: 4, arbitrary: brokenEvent },
  { weight: 2, arbitrary: notAnEvent },
  { weight: 1, arbitrary: nearTheLimit },
  { weight: 1, arbitrary: channelsAtTheLimit },
);

/** Bytes that are not UTF-8 (overlong NUL, an encoded surrogate, a stray continuation, a cut sequence) inside an event's JSON. */
const INVALID_UTF8 = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xe4, 0xb8], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe, 0xff]];
const invalidUtf8 = fc.tuple(validEvent, fc.nat(), fc.constantFrom(...INVALID_UTF8)).map(([event, at, bytes]) => {
  const json = Buffer.from(toJson(event));
  const cut = at % (json.length + 1);
  return Buffer.concat([json.subarray(0, cut), Buffer.from(bytes), json.subarray(cut)]);
});
/** Not JSON: cut short, an empty value, a byte-order mark in front. */
const malformed = fc.oneof(
  fc.tuple(validEvent, fc.nat()).map(([event, at]) => {
    const json = toJson(event);
    return Buffer.from(json.slice(0, at % json.length));
  }),
  fc.constantFrom(Buffer.alloc(0), Buffer.from('\ufeff{}'), Buffer.from('{"id":"a",}'), Buffer.from('NaN'), Buffer.from('undefined')),
);

export interface KafkaInput {
  key: Buffer | string | null;
  value: Buffer | null;
}

/** A message straight on the topic: JSON of any event, bytes that are not UTF-8 or not JSON, or no value. */
export const kafkaMessage: fc.Arbitrary<KafkaInput> = fc.record({
  key: fc.oneof(identifier, oddText.filter(unsafeFree), fc.constant(null), fc.constant(Buffer.from([0xff, 0x00, 0xfe]))),
  value: fc.oneof(
    { weight: 8, arbitrary: anyEvent.map((event) => Buffer.from(toJson(event))) },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: malformed },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constant(null),
        deepNesting(30_000).map((raw) => Buffer.from(raw.text)),
      ),
    },
  ),
});

/** Sizes where the consumer's handling changes: the event limit, the 4 KiB dead-letter prefix, and the 256 KiB past which a compressed record is never held. */
const SIZE_EDGES = [MAX_EVENT_BYTES, 4 * 1024, 256 * 1024];

/** A valid event padded to a size around one of {@link SIZE_EDGES}, with headers up to 20 KB. */
const aroundASizeLimit: fc.Arbitrary<KafkaInput & { headers?: Record<string, string> }> = fc
  .tuple(validEvent, fc.constantFrom(...SIZE_EDGES), fc.integer({ min: -300, max: 300 }), fc.option(fc.integer({ min: 1, max: 20_000 })))
  .map(([event, edge, offset, header]) => {
    const base = Buffer.byteLength(toJson({ ...event, padding: '' }));
    const padding = 'p'.repeat(Math.max(0, edge + offset - base));
    return {
      key: typeof (event as { accountId?: unknown }).accountId === 'string' ? (event as { accountId: string }).accountId : 'acc',
      value: Buffer.from(toJson({ ...event, padding })),
      ...(header ? { headers: { 'x-trace': 't'.repeat(header) } } : {}),
    };
  });

/** A batch for one produce with compression: messages of any kind, and events around every size limit. */
export const compressedBatch = fc.tuple(
  fc.array(fc.oneof({ weight: 2, arbitrary: kafkaMessage }, { weight: 3, arbitrary: aroundASizeLimit }), { minLength: 1, maxLength: 8 }),
  fc.constantFrom(CompressionTypes.GZIP, CompressionTypes.Snappy, CompressionTypes.LZ4),
);
/** Events under reused ids straight on the topic, each keyed by its account. */
export const reusedIdMessages: fc.Arbitrary<KafkaInput[]> = reusedIds.map((events) => events.map((event) => ({ key: String(event.accountId), value: Buffer.from(toJson(event)) })));

/** The body of one request to POST /v1/events: a single event, an array, `{ events }`, or no batch at all. */
const withOrWithoutFilled = validEvent.chain((event) =>
  fc.constantFrom('keep', 'no-id', 'no-version').map((drop) => {
    const { id, schemaVersion, ...rest } = event;
    return drop === 'keep' ? event : drop === 'no-id' ? { schemaVersion, ...rest } : { id, ...rest };
  }),
);
const item: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: withOrWithoutFilled },
  { weight: 3, arbitrary: brokenEvent },
  { weight: 1, arbitrary: notAnEvent },
  { weight: 1, arbitrary: nearTheLimit },
  { weight: 1, arbitrary: channelsAtTheLimit },
);

export const gatewayBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: item.map((event) => toJson(event)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(item, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.option(oddValue))
      .map(([events, wrapped, extra]) => (wrapped ? toJson(extra === null ? { events } : { events, extra }) : toJson(events))),
  },
  // One request holding events under reused ids: across accounts, conflicting, or repeated.
  { weight: 1, arbitrary: reusedIds.map((events) => toJson(events)) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      oddValue.map((value) => toJson(value)),
      deepNesting(50_000).map((raw) => raw.text),
      fc.constantFrom('', '{', '[]', '{"events":[]}', '{"events":{}}', 'null', '"text"', '{"a":1,}', '\ufeff{}', '{"events":[null]}'),
      // More events than INGEST_MAX_BATCH (500), and a body over INGEST_BODY_LIMIT (1mb).
      fc.constantFrom('many', 'huge').map((what) => (what === 'many' ? `[${Array(501).fill('{}').join(',')}]` : toJson({ events: [{ padding: 'x'.repeat(1_100_000) }] }))),
    ),
  },
);

/** JSON's media type as clients spell it, and some the gateway must refuse rather than misread. */
export const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      '',
    ),
  },
);
