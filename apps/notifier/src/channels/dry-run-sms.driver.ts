import { maskPhone, redactAnswerLinks } from '@sentinel/contracts';
import { SmsOutboxEntity } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';
import type { SendOutcome, SmsMessage, SmsSender } from './channel';

/** With no Twilio account configured, SMS are kept in sms_outbox for the console to show, answer links redacted. */
export class DryRunSmsDriver implements SmsSender {
  constructor(private readonly dataSource: DataSource) {}

  async send(message: SmsMessage): Promise<SendOutcome> {
    const row = await this.dataSource
      .getRepository(SmsOutboxEntity)
      .save({ toMasked: maskPhone(message.to), body: redactAnswerLinks(message.body), createdAt: new Date() });
    return { status: 'sent', providerMessageId: `dry-run-${row.id}` };
  }
}
