import { ConfigError } from '@sentinel/platform';
import { loadNotifierConfig } from './notifier.config';

describe('notifier config', () => {
  it('defaults to the built-in mail catcher and dry-run SMS', () => {
    const config = loadNotifierConfig({});
    expect(config.smtpUrl).toBeUndefined();
    expect(config.twilio).toBeUndefined();
    expect(config.mailCatcherPort).toBe(1025);
    expect(config.defaultLocale).toBe('zh-CN');
  });

  it('takes Twilio only with all three variables', () => {
    expect(() => loadNotifierConfig({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(ConfigError);
    const config = loadNotifierConfig({
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
