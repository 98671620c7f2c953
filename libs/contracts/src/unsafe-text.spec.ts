import { anEvent } from '@sentinel/testing';
import { alertMessageSchema } from './alert-message.schema';
import { parseAccountEvent, parseMessage, validateAccountEvent } from './parse-account-event';
import { findUnsafeText } from './unsafe-text';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('text no store can take', () => {
  it('given a NUL in a holder name, when the event is parsed, then it is an invalid event naming the field', () => {
    const event = anEvent('card.unbound', { payload: { card: { ref: 'c-1', last4: '1234', holderName: 'Li\u0000Wei' } } });
    expect(parseAccountEvent(bytes(event))).toEqual({
      ok: false,
      error: { code: 'INVALID_EVENT', issues: [{ path: 'payload.card.holderName', message: 'must not contain the NUL character (\\u0000)' }] },
    });
  });

  it('given a lone surrogate anywhere, when the event is parsed, then it is refused', () => {
    for (const text of ['\ud800', 'a\udfffb', 'x\ud83d']) {
      const event = anEvent('card.unbound', { payload: { card: { ref: 'c-1', last4: '1234' }, reason: text } });
      const result = parseAccountEvent(bytes(event));
      expect(!result.ok && result.error).toMatchObject({
        code: 'INVALID_EVENT',
        issues: [{ path: 'payload.reason', message: expect.stringContaining('unpaired surrogate') as unknown }],
      });
    }
  });

  it('given paired surrogates (emoji) and CJK, when the event is parsed, then it is accepted', () => {
    const event = anEvent('card.unbound', { payload: { card: { ref: 'c-1', last4: '1234', holderName: '李伟 😀' }, reason: '换卡 👍' } });
    expect(parseAccountEvent(bytes(event)).ok).toBe(true);
  });

  it('checks field names and batch positions too', () => {
    expect(validateAccountEvent({ ...anEvent('device.login'), 'x\u0000': 1 }, 'events[2]')).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'events[2]', message: expect.stringContaining('a field name must not contain the NUL') as unknown }] },
    });
  });

  it('refuses the same characters in an alert message', () => {
    expect(parseMessage(bytes({ alertId: '\u0000' }), alertMessageSchema)).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', issues: [{ path: 'alertId' }] } });
  });

  it('walks hostile nesting without exhausting the stack', () => {
    let deep: unknown = 'ok';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnsafeText(deep)).toBeUndefined();
    let bad: unknown = '\u0000';
    for (let i = 0; i < 1_000; i++) bad = { a: bad };
    expect(findUnsafeText(bad)?.path).toMatch(/^a(\.a)+$/);
  });
});
