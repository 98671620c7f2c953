import { scrubPii } from '@sentinel/contracts';
import twilio from 'twilio';
import type { SendOutcome, SmsMessage, SmsSender } from './channel';
import type { TwilioSettings } from '../notifier.config';

const TWILIO_ORIGIN = 'https://api.twilio.com';

/** Twilio's own HTTP client with a timeout, sending to another origin when one is set (a compatible gateway, a local test endpoint). */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly origin: string | undefined,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs });
  }

  override request<T>(opts: Parameters<twilio.RequestClient['request']>[0]) {
    const uri = this.origin && opts.uri.startsWith(TWILIO_ORIGIN) ? this.origin + opts.uri.slice(TWILIO_ORIGIN.length) : opts.uri;
    return super.request<T>({ ...opts, uri } as never);
  }
}

/** The twilio SDK behind SmsSender; maps Twilio's sid and error codes to an outcome. */
export class TwilioSmsDriver implements SmsSender {
  private readonly client;

  constructor(
    private readonly settings: TwilioSettings,
    // A Twilio that stops answering must not hold a send (and the notifier's retries) for long.
    timeoutMs = 15_000,
  ) {
    this.client = twilio(settings.accountSid, settings.authToken, {
      httpClient: new RebasedRequestClient(settings.apiBaseUrl?.replace(/\/$/, ''), timeoutMs),
    });
  }

  async send(message: SmsMessage): Promise<SendOutcome> {
    const from = this.settings.from;
    try {
      const sent = await this.client.messages.create({
        to: message.to,
        body: message.body,
        ...(this.settings.statusCallbackUrl ? { statusCallback: this.settings.statusCallbackUrl } : {}),
        ...(from.startsWith('MG') ? { messagingServiceSid: from } : { from }),
      });
      return { status: 'sent', providerMessageId: sent.sid };
    } catch (error) {
      const e = error as Error & { status?: number; code?: number };
      const transient = e.status === undefined || e.status === 429 || e.status >= 500;
      // Twilio's messages quote the number; only a masked form may be logged or stored.
      return { status: 'failed', error: scrubPii(`Twilio ${e.status ?? ''} ${e.code ?? ''} ${e.message}`).slice(0, 500), transient };
    }
  }
}
