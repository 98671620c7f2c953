import type { AlertMessage } from '@sentinel/contracts';
import { renderNotice } from './notice.template';

const base = {
  alertId: '4b8f3c2e-1d7a-4e7b-9d2c-3f1a2b3c4d5e',
  kind: 'notice' as const,
  accountId: 'acc-1',
  referenceCode: 'K7QX2M9P',
  decision: 'notice' as const,
  ruleSetVersion: 1,
  createdAt: '2026-11-20T10:00:05.000Z',
};

describe('notice templates', () => {
  it('reminds of an expiring ID document in English and Chinese, without asking for secrets', () => {
    const alert: AlertMessage = {
      ...base,
      notice: { type: 'id.expiring', expiresOn: '2026-11-27', daysLeft: 7 },
      hits: [
        {
          ruleId: 'notice.id-expiring',
          severity: 'low',
          score: 0,
          explanation: { en: 'Your ID document expires on 2026-11-27, in 7 day(s).', 'zh-CN': '您的身份证件将于 2026-11-27 到期（还有 7 天）。' },
        },
      ],
    };
    const en = renderNotice(alert, alert.notice, { platformName: 'Lendly', locale: 'en', timeZone: 'UTC' });
    expect(en.subject).toBe('[Lendly] Reminder: your ID document expires on 2026-11-27 (ref K7QX2M9P)');
    expect(en.text).toContain('Open the official app to update your ID document.');
    expect(en.text).toContain('We will never ask you for a password or a verification code.');
    const zh = renderNotice(alert, alert.notice, { platformName: '乐贷', locale: 'zh-CN', timeZone: 'UTC' });
    expect(zh.subject).toBe('【乐贷】提醒：您的身份证件将于 2026-11-27 到期（参考编号 K7QX2M9P）');
    expect(zh.sms).toContain('还有 7 天');
  });

  it('prompts to rebind a card the bank invalidated, showing only its last digits', () => {
    const alert: AlertMessage = {
      ...base,
      notice: { type: 'card.invalidated', cardMasked: '**** 1234' },
      hits: [
        { ruleId: 'notice.card-invalidated', severity: 'low', score: 0, explanation: { en: 'Card **** 1234 can no longer be used.', 'zh-CN': '银行卡 **** 1234 已无法使用。' } },
      ],
    };
    const en = renderNotice(alert, alert.notice, { platformName: 'Lendly', locale: 'en', timeZone: 'UTC' });
    expect(en.subject).toBe('[Lendly] Action needed: card **** 1234 can no longer be used (ref K7QX2M9P)');
    expect(en.sms).toContain('update your card or bind another one');
  });

  it('turns the update link into a button in a phone-sized column', () => {
    const alert: AlertMessage = {
      ...base,
      notice: { type: 'id.expired', expiresOn: '2026-11-01' },
      hits: [
        { ruleId: 'notice.id-expired', severity: 'low', score: 0, explanation: { en: 'Your ID document expired on 2026-11-01.', 'zh-CN': '您的身份证件已于 2026-11-01 过期。' } },
      ],
    };
    const url = 'https://lendly.example/verify/abcdefghijklmnopqrstuvwxyz';
    const en = renderNotice(alert, alert.notice, { platformName: 'Lendly', locale: 'en', timeZone: 'UTC' }, url);
    expect(en.html).toMatch(new RegExp(`<a href="${url}" style="display:inline-block;[^"]*">Update now</a>`));
    expect(en.html).toContain('max-width:600px');
    const zh = renderNotice(alert, alert.notice, { platformName: '乐贷', locale: 'zh-CN', timeZone: 'UTC' }, url);
    expect(zh.html).toMatch(new RegExp(`<a href="${url}" style="display:inline-block;[^"]*">立即更新</a>`));
  });
});
