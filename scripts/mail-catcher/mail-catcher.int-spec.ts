import { CaughtMailEntity } from '@sentinel/persistence';
import { freePort, pollUntil, testDataSource } from '@sentinel/testing';
import { connect } from 'node:net';
import type { DataSource } from 'typeorm';
import { SmtpDriver } from '../../apps/notifier/src/channels/smtp.driver';
import { MailCatcher } from './mail-catcher';

describe('MailCatcher', () => {
  let dataSource: DataSource;
  let catcher: MailCatcher;
  let driver: SmtpDriver;
  let port: number;

  beforeAll(async () => {
    dataSource = await testDataSource();
    catcher = new MailCatcher(dataSource, () => undefined);
    port = await freePort();
    await catcher.listen(port);
    driver = new SmtpDriver(`smtp://127.0.0.1:${port}`, 'Sentinel <alerts@sentinel.test>');
  });

  afterAll(async () => {
    driver.close();
    await catcher.close();
    await dataSource.destroy();
  });

  it('keeps mail sent through nodemailer for the console to show', async () => {
    const subject = `caught ${Date.now()}`;
    const outcome = await driver.send({ to: 'b***@example.com', subject, text: '正文', html: '<p>正文</p>' });
    expect(outcome.status).toBe('sent');
    const row = await dataSource.getRepository(CaughtMailEntity).findOneByOrFail({ subject });
    expect(row).toMatchObject({ mailFrom: 'alerts@sentinel.test', rcptTo: ['b***@example.com'], textBody: '正文', htmlBody: '<p>正文</p>' });
    expect(row.sizeBytes).toBeGreaterThan(100);
  });

  it('outlives senders that reset their connection mid-transaction, and keeps catching', async () => {
    for (let i = 0; i < 2; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      const replies: string[] = [];
      socket.on('data', (chunk) => replies.push(chunk.toString()));
      const reply = (code: string) =>
        pollUntil(() => replies.some((r) => r.split('\r\n').some((line) => line.startsWith(`${code} `))) && replies.splice(0), { what: `SMTP ${code}` });
      await reply('220');
      for (const [command, code] of [
        ['EHLO killed.test', '250'],
        ['MAIL FROM:<a@b.test>', '250'],
        ['RCPT TO:<c@d.test>', '250'],
      ]) {
        socket.write(`${command}\r\n`);
        await reply(code);
      }
      // A reset inside the transaction, as from a process killed mid-send, not a polite close.
      socket.resetAndDestroy();
      await pollUntil(() => socket.destroyed, { what: 'the socket reset' });
    }
    const subject = `after resets ${Date.now()}`;
    expect((await driver.send({ to: 'b***@example.com', subject, text: 'still here', html: '<p>still here</p>' })).status).toBe('sent');
  });
});
