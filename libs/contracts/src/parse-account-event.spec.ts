import { anEvent } from '@sentinel/testing';
import { parseAccountEvent, validateAccountEvent } from './parse-account-event';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseAccountEvent', () => {
  it('accepts every event type of contract v1', () => {
    for (const type of [
      'card.bound',
      'card.unbound',
      'card.invalidated',
      'loan.opened',
      'consent.verified',
      'identity.document.updated',
      'contact.changed',
      'device.login',
      'password.reset',
      'preferences.updated',
    ] as const) {
      const result = parseAccountEvent(bytes(anEvent(type)));
      expect(result).toMatchObject({ ok: true, value: { type } });
    }
  });

  it('names the field that is wrong', () => {
    const event = anEvent('card.unbound', { payload: { card: { ref: 'c', last4: '12' } } });
    const result = parseAccountEvent(bytes(event));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_EVENT');
      expect(result.error.issues).toEqual([{ path: 'payload.card.last4', message: 'card.last4 must be exactly 4 digits' }]);
    }
  });

  it('says a missing field is required', () => {
    const { occurredAt: _omit, ...event } = anEvent('device.login');
    const result = parseAccountEvent(bytes(event));
    expect(!result.ok && result.error.issues).toEqual([{ path: 'occurredAt', message: 'is required' }]);
  });

  it('rejects an unknown event type and lists the known ones', () => {
    const result = parseAccountEvent(bytes({ ...anEvent('device.login'), type: 'account.deleted' }));
    expect(!result.ok && result.error.code).toBe('UNKNOWN_EVENT_TYPE');
    expect(!result.ok && result.error.issues[0].message).toContain('expected one of card.bound');
  });

  it('refuses a full card number smuggled in an extra field', () => {
    const event = anEvent('card.bound');
    const withPan = { ...event, payload: { card: { ...event.payload.card, pan: '6222020200112233445' } } };
    const result = parseAccountEvent(bytes(withPan));
    expect(!result.ok && result.error.issues[0].path).toBe('payload.card');
    expect(!result.ok && result.error.issues[0].message).toContain('pan');
  });

  it('refuses an accountId that tries to inject SQL or log lines', () => {
    for (const accountId of ["acc-1'; DROP TABLE fraud_case;--", 'acc-1\n{"level":60}', '../../etc/passwd', '']) {
      const result = validateAccountEvent({ ...anEvent('device.login'), accountId });
      expect(!result.ok && result.error.issues[0].path).toBe('accountId');
    }
  });

  it('refuses a document expiry in year 0000, which ISO 8601 spells but no store can take', () => {
    for (const expiresOn of ['0000-01-01', '0000-02-29']) {
      const result = validateAccountEvent(anEvent('identity.document.updated', { payload: { documentType: 'passport', expiresOn } }));
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_EVENT', issues: [{ path: 'payload.expiresOn', message: 'expiresOn must be a date from 0001-01-01 on' }] },
      });
    }
    expect(validateAccountEvent(anEvent('identity.document.updated', { payload: { documentType: 'passport', expiresOn: '0001-01-01' } })).ok).toBe(true);
  });

  it('accepts partner channels and rejects made-up ones', () => {
    expect(validateAccountEvent(anEvent('loan.opened', { channel: 'partner:m-42' })).ok).toBe(true);
    const result = validateAccountEvent(anEvent('loan.opened', { channel: 'telegram' }));
    expect(!result.ok && result.error.issues[0].path).toBe('channel');
  });

  it('tells malformed JSON, invalid UTF-8 and empty messages apart', () => {
    expect(parseAccountEvent(Buffer.from('{"type":'))).toMatchObject({ ok: false, error: { code: 'MALFORMED_JSON' } });
    expect(parseAccountEvent(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toMatchObject({ error: { code: 'INVALID_ENCODING' } });
    expect(parseAccountEvent(null)).toMatchObject({ error: { code: 'MALFORMED_JSON', issues: [{ message: 'the message has no value' }] } });
  });

  it('refuses a card number, a phone in any spacing or an email in free text, whichever way the event arrives', () => {
    const unbind = (reason: string) => anEvent('card.unbound', { payload: { card: { ref: 'c', last4: '1234' }, reason } });
    for (const reason of ['card 6222 0212 3456 7894 lost', 'call +86 139 1234 5678', 'mail li.wei@example.com']) {
      expect(parseAccountEvent(bytes(unbind(reason)))).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', issues: [{ path: 'payload.reason' }] } });
    }
    expect(parseAccountEvent(bytes(unbind('换新卡 new card from ICBC')))).toMatchObject({ ok: true });
  });

  it('places issues inside a batch with a prefix', () => {
    const result = validateAccountEvent({ ...anEvent('device.login'), channel: 'x' }, 'events[3]');
    expect(!result.ok && result.error.issues[0].path).toBe('events[3].channel');
  });
});

describe('limits on what counts as an account event', () => {
  const window = { now: new Date('2026-11-20T12:00:00Z'), maxFutureMs: 300_000, maxAgeMs: 400 * 86_400_000 };

  it('refuses an oversized message before parsing it', () => {
    const huge = Buffer.from(JSON.stringify({ ...anEvent('device.login'), padding: 'x'.repeat(1_048_576) }));
    expect(parseAccountEvent(huge)).toMatchObject({
      ok: false,
      error: { code: 'OVERSIZED', issues: [{ message: expect.stringMatching(/at most 65536 are accepted/) as unknown }] },
    });
  });

  it('spells every event time one way, UTC with milliseconds, so that times compare as strings', () => {
    const east = parseAccountEvent(bytes(anEvent('device.login', { occurredAt: '2026-11-20T18:00:00+08:00' })));
    const fine = parseAccountEvent(bytes(anEvent('device.login', { occurredAt: '2026-11-20T10:00:00.5Z' })));
    expect(east).toMatchObject({ ok: true, value: { occurredAt: '2026-11-20T10:00:00.000Z' } });
    expect(fine).toMatchObject({ ok: true, value: { occurredAt: '2026-11-20T10:00:00.500Z' } });
  });

  it('refuses events stamped far in the future or long past, and accepts skew within bounds', () => {
    const future = parseAccountEvent(bytes(anEvent('device.login', { occurredAt: '2026-11-20T12:10:00Z' })), window);
    expect(future).toMatchObject({
      ok: false,
      error: { code: 'OUT_OF_RANGE_TIME', issues: [{ path: 'occurredAt', message: '2026-11-20T12:10:00.000Z is more than 300 s in the future' }] },
    });
    const past = parseAccountEvent(bytes(anEvent('device.login', { occurredAt: '2020-01-01T00:00:00Z' })), window);
    expect(past).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE_TIME', issues: [{ message: '2020-01-01T00:00:00.000Z is more than 400 days old' }] } });
    expect(parseAccountEvent(bytes(anEvent('device.login', { occurredAt: '2026-11-20T12:02:00Z' })), window).ok).toBe(true);
  });
});
