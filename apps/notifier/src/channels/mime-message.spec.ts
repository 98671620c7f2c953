import { simpleParser } from 'mailparser';
import { composable, composeMime, mimeSender } from './mime-message';

describe('composeMime: alert mail in one buffer', () => {
  it('writes text and HTML as alternatives that a mail reader decodes back, with the sender, recipient and message id', async () => {
    const sender = mimeSender('安全中心 Lendly <alerts@sentinel.test>')!;
    const message = {
      to: 'li.wei@example.com',
      subject: `安全提醒：您的账户有一笔可疑操作 ${'请尽快确认是否本人操作 '.repeat(4)}K7QX2M9P`,
      text: `您好\n${'一行很长的文字 '.repeat(40)}\n.\n.leading dot`,
      html: '<p>html 文本</p>',
    };
    const { raw, messageId } = composeMime(sender, message);
    // Every line within the 78 characters RFC 5322 recommends, and nothing but ASCII on the wire.
    expect(
      raw
        .toString('latin1')
        .split('\r\n')
        .every((line) => line.length <= 78),
    ).toBe(true);
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.from?.value).toEqual([{ name: '安全中心 Lendly', address: 'alerts@sentinel.test' }]);
    expect(parsed.to).toMatchObject({ value: [{ address: 'li.wei@example.com' }] });
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text).toBe(message.text);
    expect(parsed.html).toBe(message.html);
    expect(parsed.messageId).toBe(messageId);
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@sentinel\.test>$/);
  });

  it('keeps a subject on one header line, whatever line breaks it carries', async () => {
    const { raw } = composeMime(mimeSender('alerts@sentinel.test')!, { to: 'a@example.com', subject: 'one\r\nBcc: x@example.com', text: 't', html: 'h' });
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('one Bcc: x@example.com');
    expect(parsed.bcc).toBeUndefined();
  });

  it('leaves to nodemailer what it does not write: addresses beyond plain ASCII, or with anything a header could read otherwise', () => {
    expect(composable({ to: 'li.wei@example.com', subject: 's', text: 't', html: 'h' })).toBe(true);
    for (const to of ['李@example.com', 'a@example.com\r\nBcc: x@example.com', 'A <a@example.com>', 'a@b@example.com', 'a@example.com, b@example.com']) {
      expect(composable({ to, subject: 's', text: 't', html: 'h' })).toBe(false);
    }
    expect(mimeSender('Sentinel <alerts@sentinel.test>')).toMatchObject({ address: 'alerts@sentinel.test', header: 'From: "Sentinel" <alerts@sentinel.test>' });
    expect(mimeSender('not an address')).toBeUndefined();
  });
});
