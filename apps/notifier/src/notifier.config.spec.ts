import { ConfigError } from '@sentinel/service-kit';
import { loadNotifierConfig } from './notifier.config';

describe('notifier config', () => {
  const SMTP_URL = 'smtp://127.0.0.1:1025';

  it('requires SMTP_URL: with nowhere to send, every alert would be retried to exhaustion', () => {
    expect(() => loadNotifierConfig({})).toThrow(/SMTP_URL is required but not set/);
  });

  it('defaults to dry-run SMS', () => {
    const config = loadNotifierConfig({ SMTP_URL });
    expect(config.smtpUrl).toBe(SMTP_URL);
    expect(config.twilio).toBeUndefined();
    expect(config.defaultLocale).toBe('zh-CN');
  });

  it('takes Twilio only with all three variables', () => {
    expect(() => loadNotifierConfig({ SMTP_URL, TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(ConfigError);
    const config = loadNotifierConfig({
      SMTP_URL,
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'x'.repeat(32),
      TWILIO_FROM: '+15005550006',
    });
    expect(config.twilio).toEqual({ accountSid: `AC${'a'.repeat(32)}`, authToken: 'x'.repeat(32), from: '+15005550006', apiBaseUrl: undefined, statusCallbackUrl: undefined });
  });

  it('names a bad SMTP_URL', () => {
    expect(() => loadNotifierConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
  });
});
