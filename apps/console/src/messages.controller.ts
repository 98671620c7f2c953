import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaughtMailEntity, SmsOutboxEntity } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';

/** What the built-in mail catcher and the dry-run SMS outbox received, newest first. */
@Controller('api/messages')
export class MessagesController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('mail')
  async mail() {
    const items = await this.dataSource.getRepository(CaughtMailEntity).find({ order: { id: 'DESC' }, take: 50 });
    return { items };
  }

  @Get('sms')
  async sms() {
    const items = await this.dataSource.getRepository(SmsOutboxEntity).find({ order: { id: 'DESC' }, take: 50 });
    return { items };
  }
}
