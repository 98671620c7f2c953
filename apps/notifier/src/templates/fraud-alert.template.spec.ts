import type { AlertMessage } from '@sentinel/contracts';
import { renderFraudAlert } from './fraud-alert.template';

const alert: AlertMessage = {
  alertId: '4b8f3c2e-1d7a-4e7b-9d2c-3f1a2b3c4d5e',
  kind: 'fraud',
  caseId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  accountId: 'acc-1',
  referenceCode: 'K7QX2M9P',
  decision: 'alert',
  ruleSetVersion: 1,
  createdAt: '2026-11-20T10:00:05.000Z',
  event: {
    id: 'evt-1',
    type: 'card.unbound',
    occurredAt: '2026-11-20T10:00:00.000Z',
    channel: 'partner:m-42',
    cardMasked: '622202******1234',
    deviceId: 'laptop-x',
  },
  hits: [
    {
      ruleId: 'unbind.unknown-device',
      severity: 'high',
      score: 70,
      explanation: { en: 'Card 622202******1234 was unbound from device laptop-x <b>', 'zh-CN': '银行卡 622202******1234 在设备 laptop-x 上被解绑' },
    },
  ],
};

describe('fraud alert template', () => {
  it('writes English: what, when, channel, why, reference, and no request for secrets', () => {
    const out = renderFraudAlert(alert, alert.event, { platformName: 'Lendly', locale: 'en', timeZone: 'Asia/Shanghai' });
    expect(out.subject).toBe('[Lendly] Security alert: Bank card 622202******1234 was unbound from your account (ref K7QX2M9P)');
    expect(out.text).toContain('When: Nov 20, 2026, 06:00 PM GMT+8');
    expect(out.text).toContain('Channel: Partner m-42');
    expect(out.text).toContain('Card 622202******1234 was unbound from device');
    expect(out.text).toContain('We will never ask you for a password or a verification code.');
    expect(out.sms).toContain('ref K7QX2M9P');
    expect(out.sms.length).toBeLessThan(320);
  });

  it('writes Chinese for zh-CN borrowers', () => {
    const out = renderFraudAlert(alert, alert.event, { platformName: '乐贷', locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    expect(out.subject).toBe('【乐贷】安全提醒：您的银行卡 622202******1234 已从账户解绑（参考编号 K7QX2M9P）');
    expect(out.text).toContain('渠道：合作方 m-42');
    expect(out.text).toContain('我们绝不会向您索要密码或验证码。');
    expect(out.sms).toContain('参考编号K7QX2M9P');
  });

  it('escapes HTML and carries no link', () => {
    const out = renderFraudAlert(alert, alert.event, { platformName: 'Lendly', locale: 'en', timeZone: 'UTC' });
    expect(out.html).toContain('from device &#60;b&#62;');
    expect(out.html).not.toMatch(/<a\s|https?:\/\//);
    expect(out.sms).not.toMatch(/https?:\/\//);
  });

  it('gives the HTML a tappable button, a phone-sized column, and no internal event or device ids', () => {
    const withIds: AlertMessage = {
      ...alert,
      hits: [
        ...alert.hits,
        {
          ruleId: 'unbind.after-takeover-signal',
          severity: 'high',
          score: 60,
          explanation: {
            en: 'Card 622202******1234 was unbound 1 h after a password reset (event evt-0, device laptop-x); the window is 24 h.',
            'zh-CN': '银行卡 622202******1234 在密码重置（事件 evt-0，设备 laptop-x）后 1 小时被解绑；窗口为 24 小时。',
          },
        },
      ],
    };
    const url = 'https://lendly.example/verify/abcdefghijklmnopqrstuvwxyz';
    for (const [locale, label] of [
      ['en', 'Was this you? Answer here'],
      ['zh-CN', '告诉我们是否本人操作'],
    ] as const) {
      const out = renderFraudAlert(withIds, withIds.event, { platformName: 'Lendly', locale, timeZone: 'UTC' }, { answerUrl: url });
      expect(out.html).toMatch(new RegExp(`<a href="${url}" style="display:inline-block;[^"]*">${label.replace('?', '\\?')}</a>`));
      expect(out.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(out.html).toContain('max-width:600px');
      expect(out.html).toContain(`lang="${locale}"`);
      for (const part of [out.html, out.text]) {
        expect(part).not.toContain('laptop-x');
        expect(part).not.toContain('evt-0');
        expect(part).not.toContain('evt-1');
      }
    }
    const zh = renderFraudAlert(withIds, withIds.event, { platformName: '乐贷', locale: 'zh-CN', timeZone: 'UTC' }, { answerUrl: url });
    expect(zh.text).toContain('银行卡 622202******1234 在设备上被解绑');
    expect(zh.text).toContain('在密码重置后 1 小时被解绑');
  });
});
