import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from?: string;
  to: string[];
  parsed: ParsedMail;
}

/**
 * A real SMTP server for tests: it speaks SMTP to nodemailer and keeps what it accepts.
 * `rejectWith` makes it answer every message with that SMTP reply code.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  rejectWith?: number;
  /** While set, messages are read and never answered: the sender's socket timeout is what ends them. */
  hang = false;
  /** Messages that arrived while hanging: read, never answered, never accepted. */
  hung = 0;
  /** Called as each message is accepted, before the sender hears so: a fault can be timed to fall right there. */
  onAccept?: () => void;
  private readonly server: SMTPServer;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      // A stop is the end of a test or an outage it stages: the senders' pooled connections are
      // told 421 at once rather than after smtp-server's 30 s grace, which only held suites open.
      closeTimeout: 250,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onConnect: (_session, callback) => {
        callback();
      },
      onData: (stream, session, callback) => {
        if (this.hang) {
          this.hung++;
          stream.resume();
          return;
        }
        simpleParser(stream)
          .then((parsed) => {
            if (this.rejectWith) {
              callback(Object.assign(new Error(`rejected by test (${this.rejectWith})`), { responseCode: this.rejectWith }));
              return;
            }
            this.received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
              to: session.envelope.rcptTo.map((r) => r.address),
              parsed,
            });
            this.onAccept?.();
            callback();
          })
          .catch(callback);
      },
    });
  }

  async start(): Promise<this> {
    // smtp-server re-emits a client's connection reset (a notifier killed mid-send) on the server;
    // unheard, it would fail the suite that runs the sink.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
