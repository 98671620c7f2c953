import { maskPhone, redactAnswerLinks } from '@sentinel/contracts';
import { isConnectionFailure, type SmsOutbox } from '@sentinel/persistence';
import type { SendOutcome, SmsMessage, SmsSender } from './channel';

/** Rows one statement stores at most. */
const MAX_ROWS = 1000;

interface Waiting {
  message: SmsMessage;
  resolve: (outcome: SendOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * With no Twilio account configured, SMS are kept in sms_outbox for the console to show, answer
 * links redacted. The sends of one turn of the event loop are stored by one statement: a batch's
 * SMS (SMS_CONCURRENCY at once) would otherwise each take a round trip and a commit of their own.
 */
export class DryRunSmsDriver implements SmsSender {
  private waiting: Waiting[] = [];

  constructor(private readonly outbox: SmsOutbox) {}

  send(message: SmsMessage): Promise<SendOutcome> {
    return new Promise((resolve, reject) => {
      if (this.waiting.length === 0) setImmediate(() => void this.flush());
      this.waiting.push({ message, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    for (let from = 0; from < batch.length; from += MAX_ROWS) {
      const rows = batch.slice(from, from + MAX_ROWS);
      try {
        const ids = await this.store(rows.map((r) => r.message));
        rows.forEach((r, i) => r.resolve({ status: 'sent', providerMessageId: `dry-run-${ids[i]}` }));
      } catch (error) {
        // A row the store refuses fails the statement for all: each goes again on its own, so that
        // only that send fails, as it would have alone. An outage fails them all.
        if (rows.length === 1 || isConnectionFailure(error)) for (const r of rows) r.reject(error);
        else for (const r of rows) await this.store([r.message]).then(([id]) => r.resolve({ status: 'sent', providerMessageId: `dry-run-${id}` }), r.reject);
      }
    }
  }

  /** Stores the messages in one statement; their ids in the order given. */
  private async store(messages: SmsMessage[]): Promise<string[]> {
    // The body with its answer link redacted, as every stored copy of a message is.
    return this.outbox.store(
      messages.map((m) => maskPhone(m.to)),
      messages.map((m) => redactAnswerLinks(m.body)),
    );
  }
}
