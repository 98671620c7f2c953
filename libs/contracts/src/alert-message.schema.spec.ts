import { alertMessageSchema } from './alert-message.schema';
import { parseMessage } from './parse-account-event';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

const common = {
  alertId: '0b5c8f5e-3f4a-4c1e-9a51-6a2f3f0b7e11',
  accountId: 'acc-1',
  referenceCode: 'AB12CD34',
  decision: 'alert',
  ruleSetVersion: 1,
  createdAt: '2026-11-29T12:00:00Z',
  hits: [{ ruleId: 'unbind.unknown-device', severity: 'high', score: 40, explanation: { en: 'x', 'zh-CN': 'x' } }],
};
const event = { id: 'evt-1', type: 'card.unbound', occurredAt: '2026-11-29T11:59:00Z', channel: 'app' };
const fraud = { ...common, kind: 'fraud', event };
const notice = { ...common, kind: 'notice', decision: 'notice', notice: { type: 'id.expiring', expiresOn: '2026-12-20', daysLeft: 21 } };

describe('alert message contract', () => {
  it('given a fraud message with its event, or a notice with its notice (with or without an event), then it is accepted as its kind', () => {
    const parsedFraud = parseMessage(bytes(fraud), alertMessageSchema);
    expect(parsedFraud).toMatchObject({ ok: true, value: { kind: 'fraud', event } });
    expect(parseMessage(bytes(notice), alertMessageSchema)).toMatchObject({ ok: true, value: { kind: 'notice', notice: { type: 'id.expiring' } } });
    expect(parseMessage(bytes({ ...notice, notice: { type: 'card.invalidated' }, event }), alertMessageSchema).ok).toBe(true);
  });

  it('given a fraud message without its event, then it is refused, naming the field', () => {
    // JSON leaves an undefined field out.
    expect(parseMessage(bytes({ ...fraud, event: undefined }), alertMessageSchema)).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', issues: [{ path: 'event' }] } });
  });

  it('given a notice without its notice, then it is refused, naming the field', () => {
    expect(parseMessage(bytes({ ...notice, notice: undefined }), alertMessageSchema)).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT', issues: [{ path: 'notice' }] } });
  });

  it('given a fraud message carrying a notice, or a kind it does not know, then it is refused', () => {
    expect(parseMessage(bytes({ ...fraud, notice: notice.notice }), alertMessageSchema).ok).toBe(false);
    expect(parseMessage(bytes({ ...fraud, kind: 'marketing' }), alertMessageSchema)).toMatchObject({ ok: false, error: { issues: [{ path: 'kind' }] } });
  });
});
