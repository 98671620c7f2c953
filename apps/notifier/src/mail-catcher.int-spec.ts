import { CaughtMailEntity } from '@sentinel/persistence';
import { freePort, testDataSource } from '@sentinel/testing';
import type { DataSource } from 'typeorm';
import { SmtpDriver } from './channels/smtp.driver';
import { MailCatcher } from './mail-catcher';

describe('MailCatcher', () => {
  let dataSource: DataSource;
  let catcher: MailCatcher;
  let driver: SmtpDriver;

  beforeAll(async () => {
    dataSource = await testDataSource();
    catcher = new MailCatcher(dataSource);
    const port = await freePort();
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
});
