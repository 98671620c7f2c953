import { maskPhone, redactAnswerLinks } from '@sentinel/contracts';
import type { DataSource } from 'typeorm';
import type { SendOutcome, SmsMessage, SmsSender } from './channel';

/** With no Twilio account configured, SMS are kept in sms_outbox for the console to show, answer links redacted. */
export class DryRunSmsDriver implements SmsSender {
  constructor(private readonly dataSource: DataSource) {}

  async send(message: SmsMessage): Promise<SendOutcome> {
    // One statement, not the repository's save (a transaction of its own, three round trips per SMS);
    // the body with its answer link redacted, as every stored copy of a message is.
    const [row]: { id: string }[] = await this.dataSource.query(`INSERT INTO sms_outbox (to_masked, body, created_at) VALUES ($1, $2, now()) RETURNING id`, [
      maskPhone(message.to),
      redactAnswerLinks(message.body),
    ]);
    return { status: 'sent', providerMessageId: `dry-run-${row.id}` };
  }
}
