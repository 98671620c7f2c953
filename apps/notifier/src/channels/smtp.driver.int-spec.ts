import { SmtpSink } from '@sentinel/testing';
import { SmtpDriver, smtpUrlOptions } from './smtp.driver';

describe('SmtpDriver against a real SMTP server', () => {
  let sink: SmtpSink;
  let driver: SmtpDriver;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    driver = new SmtpDriver(sink.url, 'Sentinel <alerts@sentinel.test>');
  });

  afterEach(() => {
    sink.rejectWith = undefined;
  });

  afterAll(async () => {
    driver.close();
    await sink.stop();
  });

  it('delivers HTML and plain text and returns the message id', async () => {
    const outcome = await driver.send({ to: 'li.wei@example.com', subject: '安全提醒', text: 'plain 文本', html: '<p>html</p>' });
    expect(outcome).toEqual({ status: 'sent', providerMessageId: expect.stringMatching(/^<.+@.+>$/) as unknown });
    const mail = sink.received.at(-1)!;
    expect(mail.to).toEqual(['li.wei@example.com']);
    expect(mail.from).toBe('alerts@sentinel.test');
    expect(mail.parsed.subject).toBe('安全提醒');
    expect(mail.parsed.text?.trim()).toBe('plain 文本');
    expect(mail.parsed.html).toBe('<p>html</p>');
  });

  it('reports a 4xx reply as transient and a 5xx reply as permanent', async () => {
    sink.rejectWith = 451;
    const soft = await driver.send({ to: 'a@example.com', subject: 's', text: 't', html: 'h' });
    expect(soft).toMatchObject({ status: 'failed', transient: true, error: expect.stringContaining('451') as unknown });
    sink.rejectWith = 550;
    const hard = await driver.send({ to: 'a@example.com', subject: 's', text: 't', html: 'h' });
    expect(hard).toMatchObject({ status: 'failed', transient: false, error: expect.stringContaining('550') as unknown });
  });

  it('gives up on a server that stops answering mid-message, as a transient failure', async () => {
    const impatient = new SmtpDriver(sink.url, 'x@sentinel.test', { connectionTimeout: 1000, greetingTimeout: 1000, socketTimeout: 1000 });
    sink.hang = true;
    try {
      const outcome = await impatient.send({ to: 'a@example.com', subject: 'timed out', text: 't', html: 'h' });
      expect(outcome).toMatchObject({ status: 'failed', transient: true, error: expect.stringContaining('ETIMEDOUT') as unknown });
      // What failed is the caller's to retry: the pool must not send it again on its own (it
      // would, unasked, on its next connection, ahead of the next message).
      sink.hang = false;
      expect(await impatient.send({ to: 'a@example.com', subject: 'next', text: 't', html: 'h' })).toMatchObject({ status: 'sent' });
      expect(sink.received.map((m) => m.parsed.subject).filter((subject) => subject === 'timed out' || subject === 'next')).toEqual(['next']);
    } finally {
      sink.hang = false;
      impatient.close();
    }
  });

  it('reads user, password, host and port from the URL', () => {
    expect(smtpUrlOptions('smtps://mailer%40corp:p%40ss@mail.example.com')).toEqual({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      auth: { user: 'mailer@corp', pass: 'p@ss' },
    });
    expect(smtpUrlOptions('smtp://127.0.0.1:2525')).toMatchObject({ host: '127.0.0.1', port: 2525, secure: false, auth: undefined });
    expect(smtpUrlOptions('smtp://relay.example.com?tls.rejectUnauthorized=false')).toMatchObject({ port: 587, tls: { rejectUnauthorized: false } });
  });

  it('reports an unreachable server as transient', async () => {
    const nowhere = new SmtpDriver('smtp://127.0.0.1:1', 'x@sentinel.test');
    const outcome = await nowhere.send({ to: 'a@example.com', subject: 's', text: 't', html: 'h' });
    expect(outcome).toMatchObject({ status: 'failed', transient: true, error: expect.stringContaining('ECONNREFUSED') as unknown });
    nowhere.close();
  });
});
