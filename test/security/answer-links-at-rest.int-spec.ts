import { CaughtMailEntity, SmsOutboxEntity, SmsOutboxRepository } from '@sentinel/persistence';
import { freePort, isolatedDataSource, revertThrough } from '@sentinel/testing';
import { randomBytes } from 'node:crypto';
import { DryRunSmsDriver } from '../../apps/notifier/src/channels/dry-run-sms.driver';
import { SmtpDriver } from '../../apps/notifier/src/channels/smtp.driver';
import { MailCatcher } from '../../scripts/mail-catcher/mail-catcher';

const liveLink = () => `http://127.0.0.1:3004/verify/${randomBytes(32).toString('base64url')}`;

/** Messages kept for the console hold no live answer link: reading one must not let anyone answer. */
describe('security: answer links in caught mail and dry-run SMS', () => {
  const db = isolatedDataSource();

  it('stores caught mail with its answer links redacted, in text and HTML', async () => {
    const catcher = new MailCatcher(db(), () => undefined);
    const port = await freePort();
    await catcher.listen(port);
    const driver = new SmtpDriver(`smtp://127.0.0.1:${port}`, 'Sentinel <alerts@sentinel.test>');
    try {
      const link = liveLink();
      const subject = `link ${Date.now()}`;
      expect((await driver.send({ to: 'b@example.com', subject, text: `Answer here: ${link}`, html: `<a href="${link}">Answer</a>` })).status).toBe('sent');
      const row = await db().getRepository(CaughtMailEntity).findOneByOrFail({ subject });
      expect(row.textBody).toBe('Answer here: http://127.0.0.1:3004/verify/[redacted]');
      expect(row.htmlBody).toContain('/verify/[redacted]');
      expect(`${row.textBody}${row.htmlBody}`).not.toContain(link.slice(-43));
    } finally {
      driver.close();
      await catcher.close();
    }
  });

  it('stores dry-run SMS with their answer links redacted', async () => {
    const link = liveLink();
    const outcome = await new DryRunSmsDriver(new SmsOutboxRepository(db())).send({ to: '+8613912345678', body: `Lendly: was this you? ${link}` });
    expect(outcome.status).toBe('sent');
    const id = outcome.status === 'sent' ? outcome.providerMessageId.replace('dry-run-', '') : '';
    const row = await db().getRepository(SmsOutboxEntity).findOneByOrFail({ id });
    expect(row.body).toBe('Lendly: was this you? http://127.0.0.1:3004/verify/[redacted]');
  });

  it('redacts the links in messages stored before, by migration', async () => {
    await revertThrough(db(), 'RedactStoredAnswerLinks1765000100000');
    const [mailLink, smsLink] = [liveLink(), liveLink()];
    const [{ id: mailId }] = await db().query<{ id: string }[]>(
      `INSERT INTO caught_mail (received_at, rcpt_to, subject, text_body, html_body, size_bytes) VALUES (now(), '{b@example.com}', 'old', $1, $2, 1) RETURNING id`,
      [`see ${mailLink}`, `<a href="${mailLink}">x</a>`],
    );
    const [{ id: smsId }] = await db().query<{ id: string }[]>(`INSERT INTO sms_outbox (to_masked, body, created_at) VALUES ('+86****5678', $1, now()) RETURNING id`, [
      `answer ${smsLink}`,
    ]);
    await db().runMigrations();
    const [mail] = await db().query<{ text_body: string; html_body: string }[]>(`SELECT text_body, html_body FROM caught_mail WHERE id = $1`, [mailId]);
    const [sms] = await db().query<{ body: string }[]>(`SELECT body FROM sms_outbox WHERE id = $1`, [smsId]);
    expect(mail).toEqual({ text_body: 'see http://127.0.0.1:3004/verify/[redacted]', html_body: '<a href="http://127.0.0.1:3004/verify/[redacted]">x</a>' });
    expect(sms.body).toBe('answer http://127.0.0.1:3004/verify/[redacted]');
  });

  it('reverts and reapplies the answer-trust columns', async () => {
    await revertThrough(db(), 'AnswerTrust1765000000000');
    const columns = async () =>
      (
        await db().query<{ column_name: string }[]>(
          `SELECT column_name FROM information_schema.columns WHERE table_name IN ('answer_token', 'borrower_answer') AND column_name IN ('recipient_since', 'recipient_channel', 'outcome') ORDER BY 1`,
        )
      ).map((r) => r.column_name);
    expect(await columns()).toEqual([]);
    await db().runMigrations();
    expect(await columns()).toEqual(['outcome', 'recipient_channel', 'recipient_since']);
  });
});
