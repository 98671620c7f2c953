import { createHash } from 'node:crypto';
import { SMTPServer } from 'smtp-server';

/** When one message reached the sink: its envelope began (MAIL FROM), and the sink accepted it. */
export interface MailTiming {
  mailFromAt: number;
  acceptedAt: number;
}

/**
 * An SMTP server for the bench that shares nothing with the pipeline (no Postgres, no parsing):
 * it drains each message and notes, per recipient, when the envelope began and when it accepted
 * the message. Recipients are keyed by the SHA-256 of the address, as the delivery table keys them.
 */
export class TimingSmtpSink {
  readonly byRecipient = new Map<string, MailTiming[]>();
  accepted = 0;
  firstAcceptedAt = 0;
  lastAcceptedAt = 0;
  private readonly server: SMTPServer;
  port = 0;

  constructor() {
    const began = new WeakMap<object, number>();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom: (_address, session, callback) => {
        began.set(session, Date.now());
        callback();
      },
      onData: (stream, session, callback) => {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          const acceptedAt = Date.now();
          const mailFromAt = began.get(session) ?? acceptedAt;
          for (const rcpt of session.envelope.rcptTo) {
            const key = createHash('sha256').update(rcpt.address).digest('hex');
            const list = this.byRecipient.get(key);
            if (list) list.push({ mailFromAt, acceptedAt });
            else this.byRecipient.set(key, [{ mailFromAt, acceptedAt }]);
          }
          if (this.accepted === 0) this.firstAcceptedAt = acceptedAt;
          this.lastAcceptedAt = acceptedAt;
          this.accepted++;
          callback();
        });
      },
    });
  }

  async start(): Promise<this> {
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The first message to `recipientHash` whose envelope began at or after `from` (ms since the epoch). */
  firstAfter(recipientHash: string, from: number): MailTiming | undefined {
    return this.byRecipient.get(recipientHash)?.find((t) => t.mailFromAt >= from);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
