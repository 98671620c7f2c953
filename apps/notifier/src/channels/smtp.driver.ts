import { scrubPii } from '@sentinel/contracts';
import { ConcurrencyLimit } from '@sentinel/service-kit';
import { createTransport, type Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { EmailMessage, EmailSender, SendOutcome } from './channel';
import { composable, composeMime, type MimeSender, mimeSender } from './mime-message';

/**
 * smtp://user:pass@host:port?tls.rejectUnauthorized=false … as connection options, read by
 * nodemailer's own URL parser, so that our pool and timeouts can be added to them.
 */
export function smtpUrlOptions(url: string): SMTPConnection.Options {
  const options = parseConnectionUrl(url);
  // auth stays a key even when absent: no credentials in the URL means no AUTH, said outright.
  return { ...options, port: options.port ?? (options.secure ? 465 : 587), auth: options.auth };
}

/** nodemailer over a pooled SMTP connection. */
export class SmtpDriver implements EmailSender {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;
  /** Undefined for a From that `composeMime` cannot write: nodemailer composes every message then. */
  private readonly sender: MimeSender | undefined;
  /**
   * Messages handed to nodemailer at once: two per connection keep every connection busy. A batch
   * handed over whole would be composed in one go, holding up the replies of every connection meanwhile.
   */
  private readonly handedOver: ConcurrencyLimit;

  constructor(
    url: string,
    private readonly from: string,
    timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 },
    poolSize = 8,
  ) {
    // Options, not the URL string: given a URL, nodemailer reads only the URL and would drop the
    // pool and the timeouts (a server that stops answering would then hold a send for 10 minutes).
    // Each pooled connection carries message after message (no reconnect, greeting or EHLO per
    // message), and nodemailer queues sends beyond the pool, so callers may send all at once.
    this.transport = createTransport({
      ...smtpUrlOptions(url),
      pool: true,
      maxConnections: poolSize,
      maxMessages: Infinity,
      ...timeouts,
    });
    this.sender = mimeSender(from);
    this.handedOver = new ConcurrencyLimit(poolSize * 2);
  }

  send(message: EmailMessage): Promise<SendOutcome> {
    return this.handedOver.run(() => this.sendNow(message));
  }

  private async sendNow(message: EmailMessage): Promise<SendOutcome> {
    try {
      // Composed here in one buffer, written to the connection at once; nodemailer composes the rare message this cannot.
      const info = await this.transport.sendMail(
        this.sender && composable(message) ? { envelope: { from: this.sender.address, to: [message.to] }, ...composeMime(this.sender, message) } : { from: this.from, ...message },
      );
      return { status: 'sent', providerMessageId: String(info.messageId) };
    } catch (error) {
      const e = error as Error & { responseCode?: number; code?: string };
      // 4xx replies and network trouble pass; 5xx replies (bad mailbox, policy) will not.
      const transient = e.responseCode === undefined || (e.responseCode >= 400 && e.responseCode < 500);
      // Server replies often quote the address; only a masked form may be logged or stored.
      return { status: 'failed', error: scrubPii(`${e.code ?? 'SMTP'} ${e.responseCode ?? ''} ${e.message}`).slice(0, 500), transient };
    }
  }

  close(): void {
    this.transport.close();
  }
}
