import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedTwilioRequest {
  method: string;
  path: string;
  authorization?: string;
  userAgent?: string;
  form: Record<string, string>;
}

/**
 * A local HTTP endpoint in the shape of Twilio's Messages API, for the real twilio SDK to call.
 * It records every request; `failWith` makes the next responses an error with that status.
 */
export class TwilioEndpoint {
  readonly requests: RecordedTwilioRequest[] = [];
  /** The messages it answered 201 to: what Twilio would have queued. */
  readonly accepted: Record<string, string>[] = [];
  failWith?: { status: number; code: number; message: string };
  /** While set, requests get no answer: the SDK's timeout is what ends them. */
  hang = false;
  private readonly server: Server;
  port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      this.read(req).then(
        (body) => {
          const form = Object.fromEntries(new URLSearchParams(body));
          this.requests.push({
            method: req.method ?? '',
            path: req.url ?? '',
            authorization: req.headers.authorization,
            userAgent: req.headers['user-agent'],
            form,
          });
          if (this.hang) return;
          res.setHeader('content-type', 'application/json');
          if (this.failWith) {
            res.statusCode = this.failWith.status;
            res.end(JSON.stringify({ code: this.failWith.code, message: this.failWith.message, status: this.failWith.status }));
            return;
          }
          const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? '');
          if (req.method !== 'POST' || !match) {
            res.statusCode = 404;
            res.end(JSON.stringify({ code: 20404, message: 'not found', status: 404 }));
            return;
          }
          res.statusCode = 201;
          this.accepted.push(form);
          const now = new Date().toUTCString();
          res.end(
            JSON.stringify({
              sid: `SM${randomBytes(16).toString('hex')}`,
              account_sid: match[1],
              to: form.To,
              from: form.From ?? null,
              messaging_service_sid: form.MessagingServiceSid ?? null,
              body: form.Body,
              status: 'queued',
              num_segments: '1',
              direction: 'outbound-api',
              api_version: '2010-04-01',
              date_created: now,
              date_updated: now,
              date_sent: null,
              error_code: null,
              error_message: null,
              price: null,
              price_unit: 'USD',
              uri: `${req.url}`,
              subresource_uris: {},
            }),
          );
        },
        () => res.destroy(),
      ); // A failure while answering closes the socket rather than going unhandled.
    });
  }

  private read(req: IncomingMessage): Promise<string> {
    return new Promise((resolve) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => resolve(body));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
