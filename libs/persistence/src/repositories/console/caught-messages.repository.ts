import type { DataSource } from 'typeorm';
import { CaughtMailEntity } from '../../entities/caught-mail.entity';
import { SmsOutboxEntity } from '../../entities/sms-outbox.entity';

/** What the built-in mail catcher and the dry-run SMS outbox received. */
export abstract class CaughtMessages {
  /** The newest 50 mails, newest first, as stored. */
  abstract latestMail(): Promise<CaughtMailEntity[]>;
  /** The newest 50 SMS, newest first, as stored. */
  abstract latestSms(): Promise<SmsOutboxEntity[]>;
}

export class CaughtMessagesRepository implements CaughtMessages {
  constructor(private readonly dataSource: DataSource) {}

  latestMail(): Promise<CaughtMailEntity[]> {
    return this.dataSource.getRepository(CaughtMailEntity).find({ order: { id: 'DESC' }, take: 50 });
  }

  latestSms(): Promise<SmsOutboxEntity[]> {
    return this.dataSource.getRepository(SmsOutboxEntity).find({ order: { id: 'DESC' }, take: 50 });
  }
}
