import { anEvent } from '@sentinel/testing';
import { canonicalJson, decideIdentities, eventContentHash, eventKey, storedEventContentHash } from './event-identity';
import { parseAccountEvent } from './parse-account-event';

describe('event identity', () => {
  it('keys an event by its account and id, so one id on two accounts is two events', () => {
    const a = anEvent('card.unbound', { id: 'evt-1', accountId: 'acc-a' });
    const b = anEvent('device.login', { id: 'evt-1', accountId: 'acc-b' });
    expect(eventKey(a)).not.toBe(eventKey(b));
    // No account id and event id can run together into another pair's key.
    expect(eventKey({ accountId: 'a:b', id: 'c' })).not.toBe(eventKey({ accountId: 'a', id: 'b:c' }));
  });

  it('hashes the parsed event: key order, whitespace and time-zone spelling do not change it', () => {
    const event = anEvent('card.unbound', { occurredAt: '2026-11-20T10:00:00.000Z' });
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(event).reverse()), null, 2);
    const otherZone = JSON.stringify({ ...event, occurredAt: '2026-11-20T18:00:00+08:00' });
    const hashes = [JSON.stringify(event), reordered, otherZone].map((text) => {
      const parsed = parseAccountEvent(Buffer.from(text));
      if (!parsed.ok) throw new Error('the fixture must parse');
      return eventContentHash(parsed.value);
    });
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes a stored body the same as the event it was parsed from, and any other content differently', () => {
    const event = anEvent('loan.opened', { payload: { loanId: 'loan-1', amountMinor: 500_000, currency: 'CNY' } });
    const stored = JSON.parse(JSON.stringify(event)) as unknown;
    expect(storedEventContentHash(stored)).toBe(eventContentHash(event));
    // Stored before occurredAt had one spelling: still the same event.
    expect(storedEventContentHash({ ...event, occurredAt: '2026-11-20T18:00:00+08:00' })).toBe(eventContentHash(event));
    expect(eventContentHash({ ...event, payload: { ...event.payload, amountMinor: 500_001 } })).not.toBe(eventContentHash(event));
    expect(storedEventContentHash({ ...event, type: 'card.unbound' })).not.toBe(eventContentHash(event));
    // The gateway fills a correlation id per request: a retry through it differs there alone.
    expect(eventContentHash({ ...event, correlationId: 'request-2' })).toBe(eventContentHash({ ...event, correlationId: 'request-1' }));
  });

  it('writes canonical JSON with sorted keys and without undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }] })).toBe('{"a":[{"c":"x"}],"b":1}');
  });

  describe('decideIdentities', () => {
    it('given nothing recorded, when one key arrives twice with the same content, then it is new once and redelivered once', () => {
      expect(
        decideIdentities(
          [
            { key: 'k', hash: 'h1' },
            { key: 'k', hash: 'h1' },
          ],
          new Map(),
        ),
      ).toEqual([{ kind: 'new' }, { kind: 'redelivered' }]);
    });

    it('given nothing recorded, when one key arrives twice with different content in one batch, then the second is a conflict naming both hashes', () => {
      expect(
        decideIdentities(
          [
            { key: 'k', hash: 'h1' },
            { key: 'k', hash: 'h2' },
            { key: 'k', hash: 'h1' },
          ],
          new Map(),
        ),
      ).toEqual([{ kind: 'new' }, { kind: 'conflict', hash: 'h2', recordedHash: 'h1' }, { kind: 'redelivered' }]);
    });

    it('given a recorded event, when its key arrives with other content, then it is a conflict and the recorded event stands', () => {
      const recorded = new Map([['k', 'h1']]);
      expect(
        decideIdentities(
          [
            { key: 'k', hash: 'h2' },
            { key: 'k', hash: 'h1' },
            { key: 'other', hash: 'h2' },
          ],
          recorded,
        ),
      ).toEqual([{ kind: 'conflict', hash: 'h2', recordedHash: 'h1' }, { kind: 'redelivered' }, { kind: 'new' }]);
      expect(recorded).toEqual(new Map([['k', 'h1']]));
    });
  });
});
