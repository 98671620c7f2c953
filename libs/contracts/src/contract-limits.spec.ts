import { anEvent } from '@sentinel/testing';
import { accountActionSchema, alertMessageSchema, MAX_ALERT_HITS } from './alert-message.schema';
import { parseMessage, validateAccountEvent } from './parse-account-event';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));
const hit = (ruleId: string) => ({ ruleId, severity: 'high', score: 40, explanation: { en: 'x', 'zh-CN': 'x' } });
const fraud = {
  alertId: '0b5c8f5e-3f4a-4c1e-9a51-6a2f3f0b7e11',
  accountId: 'acc-1',
  referenceCode: 'AB12CD34',
  decision: 'alert',
  ruleSetVersion: 1,
  createdAt: '2026-11-29T12:00:00Z',
  hits: [hit('unbind.unknown-device')],
  kind: 'fraud',
  event: { id: 'evt-1', type: 'card.unbound', occurredAt: '2026-11-29T11:59:00Z', channel: 'app' },
};
const action = {
  actionId: '0b5c8f5e-3f4a-4c1e-9a51-6a2f3f0b7e12',
  accountId: 'acc-1',
  caseId: '0b5c8f5e-3f4a-4c1e-9a51-6a2f3f0b7e13',
  referenceCode: 'AB12CD34',
  recommendations: ['hold_disbursement', 'hold_card_binding'],
  reason: 'urgent_risk',
  score: 90,
  ruleIds: ['unbind.unknown-device', 'loan.velocity'],
  createdAt: '2026-11-29T12:00:00Z',
};
const preferences = (channels: unknown) => validateAccountEvent({ ...anEvent('preferences.updated'), payload: { channels } });

describe('limits on arrays and repeated values in the contract', () => {
  it('given preferences naming each channel once, then they are taken', () => {
    expect(preferences(['email', 'sms']).ok).toBe(true);
    expect(preferences(['sms']).ok).toBe(true);
  });

  it('given preferences with 7,000 copies of "email" (issue 22), then the event is refused, naming the field and the repeated value', () => {
    expect(preferences(Array.from({ length: 7000 }, () => 'email'))).toEqual({
      ok: false,
      error: {
        code: 'INVALID_EVENT',
        issues: [{ path: 'payload.channels', message: 'channels may hold at most 2 values; got 7000' }],
      },
    });
  });

  it('given a channel twice, then the event is refused, naming the value', () => {
    expect(preferences(['email', 'email'])).toEqual({
      ok: false,
      error: { code: 'INVALID_EVENT', issues: [{ path: 'payload.channels', message: 'channels must not repeat a value: "email" appears 2 times' }] },
    });
  });

  it('given an alert whose hits repeat a rule, or hold more than there are rules, then it is refused', () => {
    expect(parseMessage(bytes({ ...fraud, hits: [hit('a'), hit('b'), hit('a')] }), alertMessageSchema)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_EVENT', issues: [{ path: 'hits', message: 'hits must not repeat a rule: "a" appears 2 times' }] },
    });
    const many = Array.from({ length: MAX_ALERT_HITS + 1 }, (_, i) => hit(`rule.${i}`));
    expect(parseMessage(bytes({ ...fraud, hits: many }), alertMessageSchema)).toMatchObject({ ok: false, error: { issues: [{ path: 'hits' }] } });
    expect(parseMessage(bytes({ ...fraud, hits: many.slice(1) }), alertMessageSchema).ok).toBe(true);
  });

  it('given an action repeating a recommendation or a rule, then it is refused', () => {
    expect(accountActionSchema.safeParse(action).success).toBe(true);
    expect(accountActionSchema.safeParse({ ...action, recommendations: ['hold_disbursement', 'hold_disbursement'] }).success).toBe(false);
    expect(accountActionSchema.safeParse({ ...action, ruleIds: ['loan.velocity', 'loan.velocity'] }).success).toBe(false);
    expect(accountActionSchema.safeParse({ ...action, ruleIds: Array.from({ length: MAX_ALERT_HITS + 1 }, (_, i) => `rule.${i}`) }).success).toBe(false);
  });
});
