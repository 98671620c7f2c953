import { redactAnswerLinks } from '@sentinel/contracts';
import { CaughtMailEntity } from '@sentinel/persistence';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';

/**
 * A local SMTP server that keeps what it receives in caught_mail, so a newcomer's alerts travel
 * the real nodemailer-to-SMTP path and show up in the console. Dev tooling: `npm start` runs it
 * when SMTP_URL is unset. smtp-server and mailparser are dev dependencies, so no service may
 * import this; the production image has neither.
 */
export class MailCatcher {
  private readonly server: SMTPServer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: 10 * 1024 * 1024,
      banner: 'Account Sentinel mail catcher',
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) =>
            this.dataSource.getRepository(CaughtMailEntity).save({
              receivedAt: new Date(),
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? null,
              // Kept for the console to show, so no live answer link: the borrower's secret stays theirs.
              textBody: mail.text ? redactAnswerLinks(mail.text) : null,
              htmlBody: typeof mail.html === 'string' ? redactAnswerLinks(mail.html) : null,
              sizeBytes: stream.byteLength ?? 0,
            }),
          )
          .then(() => callback())
          .catch((error: Error) => {
            this.log(`mail catcher could not store a message: ${error.message}`);
            callback(Object.assign(new Error('451 could not store the message, try again'), { responseCode: 451 }));
          });
      },
    });
  }

  listen(port: number, host = '127.0.0.1'): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        // smtp-server re-emits every client connection's error (a sender that dies mid-message
        // resets its socket) on the server; unheard, that would bring the process down.
        this.server.on('error', (error: Error) => this.log(`mail catcher connection error: ${error.message}`));
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
