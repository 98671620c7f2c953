import { ApiOperation } from '@nestjs/swagger';
import { Controller, Get } from '@nestjs/common';
import { maskEmail, redactAnswerLinks } from '@sentinel/contracts';
import { CaughtMessages } from '@sentinel/persistence';
import { caughtMailList, smsOutboxList } from './messages.responses';
import { ApiResponseOf } from './openapi';

/** What the built-in mail catcher and the dry-run SMS outbox received, newest first, masked. */
@Controller('api/messages')
export class MessagesController {
  constructor(private readonly messages: CaughtMessages) {}

  @Get('mail')
  @ApiResponseOf(caughtMailList)
  @ApiOperation({ summary: 'Mail the local outbox sent' })
  async mail() {
    const rows = await this.messages.latestMail();
    // Bodies carry masked data only; the envelope carries the borrower's address, so mask it here.
    // Links are redacted when stored; redacting again on the way out covers any row kept from before.
    return {
      items: rows.map((row) => ({
        ...row,
        rcptTo: row.rcptTo.map(maskEmail),
        textBody: row.textBody && redactAnswerLinks(row.textBody),
        htmlBody: row.htmlBody && redactAnswerLinks(row.htmlBody),
      })),
    };
  }

  @Get('sms')
  @ApiResponseOf(smsOutboxList)
  @ApiOperation({ summary: 'SMS the local outbox sent' })
  async sms() {
    const items = await this.messages.latestSms();
    return { items: items.map((item) => ({ ...item, body: redactAnswerLinks(item.body) })) };
  }
}
