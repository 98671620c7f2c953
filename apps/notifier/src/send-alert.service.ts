import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AlertMessage, maskEmail, maskPhone, scrubPii, Topics } from '@sentinel/contracts';
import { deadLetterHeaders, MESSAGE_PUBLISHER, type MessagePublisher } from '@sentinel/messaging';
import {
  AlertLinks,
  Deliveries,
  type DeliveryChannel,
  type DeliveryKey,
  type DueDelivery,
  hashOf,
  isConnectionFailure,
  type issueAnswerToken,
  type Recipient,
} from '@sentinel/persistence';
import { ConcurrencyLimit, counter, METRICS } from '@sentinel/service-kit';
import type { Clock } from '@sentinel/rules';
import type { Registry } from 'prom-client';
import { EMAIL_SENDER, type EmailSender, SMS_SENDER, type SendOutcome, type SmsSender } from './channels/channel';
import { backoffMs } from './backoff';
import { quietHoldMs } from './quiet-hours';
import { CHANNELS, headsUpChannels, noticeChannels, recipientsFor, stepUpRecipient } from './recipients';
import { InFlightDeliveries } from './in-flight-deliveries';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';
import { CLOCK } from './notifier.tokens';
import { FRAUD_ALERT_TEMPLATE, FRAUD_REMINDER_TEMPLATE, type RenderContext, type RenderedAlert, renderFraudAlert } from './templates/fraud-alert.template';
import { noticeTemplate, renderNotice } from './templates/notice.template';

/** How a record of outcomes waits out a Postgres outage: about 200 ms at first, doubling up to 5 s. */
const RECORD_BACKOFF = { baseMs: 200, maxMs: 5000 };

const masked = (r: Recipient) => (r.channel === 'email' ? maskEmail(r.address) : maskPhone(r.address));

/** Replaced contacts hear of fraud only: a takeover changes the contact first. */
const contactsFor = (alert: AlertMessage, recipients: Recipient[] = []) => recipients.filter((r) => alert.kind === 'fraud' || !r.previous);

const defaultTemplate = (alert: AlertMessage) => (alert.kind === 'notice' ? noticeTemplate(alert.notice.type) : FRAUD_ALERT_TEMPLATE);

/** One message a batch asks for: to send (held first when `holdMs` is set), or to record as skipped with its reason. */
interface Planned {
  key: DeliveryKey;
  ctx: RenderContext;
  holdMs?: number;
  skip?: string;
}

/** A message claimed (by a batch) or leased (by a retry pass) for sending by this process. */
interface Sending {
  key: DeliveryKey & { recipient: Recipient };
  ctx: RenderContext;
  id: string;
  attempts: number;
}

type Failure = { alert: AlertMessage; error: unknown };

/**
 * Sends one alert to the borrower: a case on every channel with a contact, and also to contacts
 * replaced within PREVIOUS_CONTACT_DAYS (a takeover changes the contact first); a heads-up on one
 * settled channel; a step-up to one trusted contact where there is one, else as a case. Each
 * fraud message carries its own single-use answer link, unless the platform runs link-free.
 * A batch, a retry pass and a fallback all send through `sendPlanned`.
 */
@Injectable()
export class SendAlertService {
  private readonly log = new Logger(SendAlertService.name);
  private readonly sent;
  private readonly smsLimit: ConcurrencyLimit;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    private readonly links: AlertLinks,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    private readonly deliveries: Deliveries,
    private readonly inFlight: InFlightDeliveries,
    @Inject(METRICS) registry: Registry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.smsLimit = new ConcurrencyLimit(config.smsConcurrency);
    this.sent = counter(registry, 'sentinel_notifier_deliveries_total', 'Delivery outcomes, by channel', ['channel', 'status']);
  }

  /** Sends one alert; see `sendAll`. A failure of this alert alone is thrown. */
  async send(alert: AlertMessage, template?: string): Promise<void> {
    const [failure] = await this.sendAll([{ alert, template }]);
    if (failure) throw failure.error;
  }

  /**
   * Sends a batch of alerts, each at once, whatever the hour: cases to every channel whatever the
   * preferences (SMS alone is what a SIM swap takes over), a heads-up to one settled channel, a
   * step-up to one trusted contact (`stepUpRecipient`); notices to the borrower's channels,
   * waiting out their quiet hours, within the daily limit. A later alert on a case already told
   * sends nothing more (one message per case, channel, template and recipient): its hits are on
   * the case, where the borrower's answer applies.
   *
   * Reads, claims, answer links and records are one statement each for the whole batch; sends
   * run together (each borrower's messages in order), over a pooled SMTP transport and at most
   * SMS_CONCURRENCY SMS at once. Returns the alerts that failed on their own, with their errors;
   * a failure of the batch as a whole (Postgres) is thrown, after every send under way is recorded.
   */
  async sendAll(items: { alert: AlertMessage; template?: string }[]): Promise<Failure[]> {
    return this.claimAndSend(await this.plan(items));
  }

  /** Every message the batch asks for, in order: one per alert, channel and recipient, or a skip with its reason. */
  private async plan(items: { alert: AlertMessage; template?: string }[]): Promise<Planned[]> {
    const accounts = [...new Set(items.map((i) => i.alert.accountId))];
    const noticeAccounts = [...new Set(items.filter((i) => i.alert.kind !== 'fraud').map((i) => i.alert.accountId))];
    const [recipients, preferences, sentToday] = await Promise.all([
      this.deliveries.recipientsOf(accounts, this.config.previousContactDays),
      this.deliveries.preferencesOf(accounts),
      this.deliveries.sentTodayOf(noticeAccounts),
    ]);
    const now = this.clock.now();
    const planned: Planned[] = [];
    for (const { alert, template = defaultTemplate(alert) } of items) {
      const fraud = alert.kind === 'fraud';
      const preference = preferences.get(alert.accountId) ?? {};
      const ctx = this.context(preference.locale);
      const contacts = contactsFor(alert, recipients.get(alert.accountId));
      const holdMs = fraud ? undefined : quietHoldMs(now, preference.quietHours, this.config.timeZone);
      // A fraud message without a case is a heads-up: one channel (see headsUpChannels).
      const headsUp = fraud && alert.decision === 'notice' && !alert.caseId;
      const channels = headsUp ? headsUpChannels(contacts, preference.channels) : fraud ? CHANNELS : noticeChannels(preference.channels);
      // A step-up is one tap that counts only through a trusted contact: it goes there alone (see stepUpRecipient).
      const stepUpTo = this.stepUpTo(alert, contacts, preference.channels);
      const overLimit = !fraud && (sentToday.get(alert.accountId) ?? 0) >= this.config.dailyMessageLimit;
      // A notice going out now counts against the limit for the notices behind it in this batch.
      if (!fraud && !overLimit && holdMs === undefined && contacts.some((r) => channels.includes(r.channel))) {
        sentToday.set(alert.accountId, (sentToday.get(alert.accountId) ?? 0) + 1);
      }
      const targets = stepUpTo
        ? [{ channel: stepUpTo.channel, recipients: [stepUpTo], dropped: 0 }]
        : channels.map((channel) => ({ channel, ...recipientsFor(contacts, channel) }));
      for (const { channel, recipients: forChannel, dropped } of targets) {
        if (dropped > 0) {
          this.log.warn({ msg: 'more recipients than an alert tells; telling the newest', alertId: alert.alertId, channel, told: forChannel.length, dropped });
        }
        if (forChannel.length === 0) planned.push({ key: { alert, channel, template, recipient: null }, ctx, skip: `no ${channel} contact on file` });
        for (const recipient of forChannel) {
          const key = { alert, channel, template, recipient };
          planned.push(overLimit ? { key, ctx, skip: `daily limit of ${this.config.dailyMessageLimit} messages reached` } : { key, ctx, holdMs });
        }
      }
    }
    return planned;
  }

  /**
   * Claims the planned messages in one statement, records the skips, and sends the ones claimed
   * here that no send under way in this process holds. A message held, sent or being sent is left be.
   */
  private async claimAndSend(planned: Planned[]): Promise<Failure[]> {
    const claims = await this.deliveries.claimMany(
      planned.map((p) => ({ key: p.key, recipientMasked: p.key.recipient && masked(p.key.recipient), holdMs: p.holdMs })),
      this.config.leaseMs,
    );
    const skips: (Planned & { id: string })[] = [];
    const sends: Sending[] = [];
    // A repeated condition is logged once, with its count.
    const unsent = new Map<string, { msg: string; alertId: string; channel: DeliveryChannel; count: number }>();
    planned.forEach((p, i) => {
      const claim = claims[i];
      if (claim.state === 'send' && this.inFlight.take(claim.id)) {
        if (p.skip !== undefined) skips.push({ ...p, id: claim.id });
        else sends.push({ key: { ...p.key, recipient: p.key.recipient! }, ctx: p.ctx, id: claim.id, attempts: claim.attempts });
        return;
      }
      if (p.skip !== undefined) return;
      const why = claim.state === 'held' ? 'held' : claim.state === 'done' ? 'already delivered or being retried; skipping' : 'being sent; skipping';
      const key = `${p.key.alert.alertId} ${p.key.channel} ${why}`;
      const seen = unsent.get(key);
      if (seen) seen.count++;
      else unsent.set(key, { msg: why, alertId: p.key.alert.alertId, channel: p.key.channel, count: 1 });
    });
    for (const entry of unsent.values()) this.log.log(entry);
    try {
      for (const skip of skips) {
        await this.record({ ...skip.key, recipientHash: hashOf(skip.key.recipient) }, { status: 'skipped', error: skip.skip });
        this.sent.inc({ channel: skip.key.channel, status: 'skipped' });
      }
      return await this.sendPlanned(sends);
    } finally {
      for (const p of [...skips, ...sends]) this.inFlight.release(p.id);
    }
  }

  /**
   * Issues the answer links in one statement, renders, sends (each borrower's messages in order,
   * an alert's channels together), then records the accepted sends in one statement and settles
   * each failed one on its own. A driver that throws counts as a transient failure of its own
   * message, so that the sends accepted beside it are still recorded and never go twice.
   */
  private async sendPlanned(sends: Sending[]): Promise<Failure[]> {
    const needing = sends.filter((s) => this.needsToken(s.key.alert));
    const tokens = await this.links.issue(needing.map((s) => this.tokenInput(s.key.alert, s.ctx, s.key.recipient)));
    const tokenOf = new Map(needing.map((s, i) => [s, { id: tokens[i].id, url: `${this.config.publicBaseUrl}/verify/${tokens[i].token}` }]));
    const failures = new Map<AlertMessage, unknown>();
    const ready: (Sending & { rendered: RenderedAlert; token?: { id: string; url: string } })[] = [];
    for (const s of sends) {
      const token = tokenOf.get(s);
      try {
        const rendered = this.render(s.key.alert, s.ctx, token?.url, s.key.recipient.previous, s.key.template === FRAUD_REMINDER_TEMPLATE);
        ready.push({ ...s, rendered, token });
      } catch (error) {
        failures.set(s.key.alert, error);
      }
    }
    const byAccount = new Map<string, typeof ready>();
    for (const r of ready.filter((r) => !failures.has(r.key.alert))) {
      const queue = byAccount.get(r.key.alert.accountId);
      if (queue) queue.push(r);
      else byAccount.set(r.key.alert.accountId, [r]);
    }
    const outcomes = new Map<(typeof ready)[number], SendOutcome>();
    await Promise.all(
      [...byAccount.values()].map(async (queue) => {
        for (let i = 0; i < queue.length;) {
          const alert = queue[i].key.alert;
          const together = [];
          for (; i < queue.length && queue[i].key.alert === alert; i++) together.push(queue[i]);
          await Promise.all(together.map(async (r) => outcomes.set(r, await this.transmit(r.key, r.rendered))));
        }
      }),
    );
    const accepted = [...outcomes].filter((entry): entry is [(typeof ready)[number], Extract<SendOutcome, { status: 'sent' }>] => entry[1].status === 'sent');
    await this.untilRecorded({ msg: 'cannot record delivery outcomes yet; Postgres unreachable', messages: accepted.length }, () =>
      this.deliveries.finishSent(accepted.map(([r, outcome]) => ({ id: r.id, providerMessageId: outcome.providerMessageId }))),
    );
    for (const [r] of accepted) {
      this.log.log({ msg: 'alert delivered', previousContact: r.key.recipient.previous, attempt: r.attempts + 1, ...this.fields(r.key) });
      this.sent.inc({ channel: r.key.channel, status: 'sent' });
    }
    for (const [r, outcome] of outcomes) {
      if (outcome.status === 'sent') continue;
      for (const failure of await this.settleFailure(r.key, r.ctx, r.attempts, outcome, r.token)) failures.set(failure.alert, failure.error);
    }
    return [...failures].map(([alert, error]) => ({ alert, error }));
  }

  private async transmit({ channel, recipient }: DeliveryKey & { recipient: Recipient }, rendered: RenderedAlert): Promise<SendOutcome> {
    try {
      return await (channel === 'email'
        ? this.email.send({ to: recipient.address, subject: rendered.subject, text: rendered.text, html: rendered.html })
        : this.smsLimit.run(() => this.sms.send({ to: recipient.address, body: rendered.sms })));
    } catch (thrown) {
      // A driver returns its failures; one that throws has not said whether the message went. It
      // is retried like a transient failure (at least once, as a lease that ran out would be).
      const error = scrubPii(`${channel} driver threw: ${(thrown as Error).message}`).slice(0, 500);
      this.log.error({ msg: 'a channel driver threw instead of returning an outcome', channel, error });
      return { status: 'failed', error, transient: true };
    }
  }

  private fields({ alert, channel, recipient }: DeliveryKey & { recipient: Recipient }) {
    return { alertId: alert.alertId, caseId: alert.caseId, channel, recipient: masked(recipient), correlationId: alert.correlationId };
  }

  /**
   * One pass of the retry scheduler: sends due messages (transient failures past their backoff,
   * held ones whose wait is over, ones whose notifier died mid-send) through `sendPlanned`, as a
   * batch. Returns true when more may be due; the failure of an alert of its own is thrown.
   */
  async retryDue(limit = 32): Promise<boolean> {
    const due = await this.deliveries.leaseDue(limit, this.config.leaseMs);
    // A message this process is still sending (its lease ran out while Postgres was unreachable) is
    // left to the send under way.
    const mine = due.filter((retry) => this.inFlight.take(retry.id));
    try {
      const [failure] = await this.sendPlanned(await this.resolveDue(mine));
      if (failure) throw failure.error;
    } finally {
      for (const retry of mine) this.inFlight.release(retry.id);
    }
    return due.length === limit;
  }

  /** The due messages whose contact is still on file, with their borrower's language; the others are recorded as skipped. */
  private async resolveDue(due: DueDelivery[]): Promise<Sending[]> {
    const accounts = [...new Set(due.map((d) => d.alert.accountId))];
    const [recipients, preferences] = await Promise.all([this.deliveries.recipientsOf(accounts, this.config.previousContactDays), this.deliveries.preferencesOf(accounts)]);
    const sends: Sending[] = [];
    for (const retry of due) {
      const key = { alert: retry.alert, channel: retry.channel, template: retry.template };
      const contacts = contactsFor(retry.alert, recipients.get(retry.alert.accountId));
      const recipient = contacts.find((r) => r.channel === retry.channel && hashOf(r) === retry.recipientHash);
      if (recipient) {
        sends.push({ key: { ...key, recipient }, ctx: this.context(preferences.get(retry.alert.accountId)?.locale), id: retry.id, attempts: retry.attempts });
        continue;
      }
      // The contact was removed meanwhile; there is no one left to send this to.
      await this.record({ ...key, recipientHash: retry.recipientHash }, { status: 'skipped', error: 'the contact was removed before a retry' });
    }
    return sends;
  }

  private context(locale: RenderContext['locale'] | undefined): RenderContext {
    return { platformName: this.config.platformName, locale: locale ?? this.config.defaultLocale, timeZone: this.config.timeZone };
  }

  /** Records one message's outcome; see `untilRecorded`. */
  private record(key: Parameters<Deliveries['finish']>[0], result: Parameters<Deliveries['finish']>[1]): Promise<void> {
    return this.untilRecorded({ msg: 'cannot record a delivery outcome yet; Postgres unreachable', status: result.status, channel: key.channel, alertId: key.alert.alertId }, () =>
      this.deliveries.finish(key, result),
    );
  }

  /**
   * Writes outcomes, waiting out a Postgres outage with backoff: the messages have gone (or
   * failed) and cannot be taken back, so the record must land before this process moves on, or a
   * redelivery would find them still unsent and send them again. An error Postgres answered with
   * is not an outage and is thrown.
   */
  private async untilRecorded(context: Record<string, unknown>, write: () => Promise<void>): Promise<void> {
    const since = this.clock.now().getTime();
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        const retryInMs = backoffMs(attempt, RECORD_BACKOFF.baseMs, RECORD_BACKOFF.maxMs);
        this.log.warn({ ...context, unreachableForMs: this.clock.now().getTime() - since, retryInMs, error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, retryInMs));
      }
    }
  }

  /**
   * A send that failed: a transient failure is retried with backoff up to NOTIFY_MAX_ATTEMPTS; a
   * permanent one, or the last transient one, dead-letters the alert, notes it on the case and
   * falls back to the other channel. Returns the fallback's failures.
   */
  private async settleFailure(
    key: DeliveryKey & { recipient: Recipient },
    ctx: RenderContext,
    attemptsSoFar: number,
    outcome: Extract<SendOutcome, { status: 'failed' }>,
    token: { id: string } | undefined,
  ): Promise<Failure[]> {
    const { alert, channel, recipient } = key;
    const recipientMasked = masked(recipient);
    const finishKey = { alert, channel, template: key.template, recipientHash: hashOf(recipient) };
    const fields = this.fields(key);
    if (token) await this.links.void(token.id);
    const attempt = attemptsSoFar + 1;
    if (outcome.transient && attempt < this.config.retry.maxAttempts) {
      const retryInMs = backoffMs(attempt, this.config.retry.baseMs, this.config.retry.maxMs);
      await this.record(finishKey, { status: 'retrying', error: outcome.error, retryInMs });
      this.log.warn({ msg: 'alert delivery failed; will retry', error: outcome.error, attempt, retryInMs, ...fields });
      this.sent.inc({ channel, status: 'retrying' });
      return [];
    }
    await this.record(finishKey, { status: outcome.transient ? 'dead' : 'failed', error: outcome.error });
    this.log.error({ msg: 'alert not delivered; dead-lettering', error: outcome.error, attempt, transient: outcome.transient, ...fields });
    this.sent.inc({ channel, status: outcome.transient ? 'dead' : 'failed' });
    const reason = `${channel} to ${recipientMasked} failed after ${attempt} attempt(s): ${outcome.error}`;
    await this.publisher.publish(Topics.accountAlertsDlq, [
      {
        key: alert.accountId,
        value: Buffer.from(JSON.stringify(alert)),
        headers: deadLetterHeaders('DELIVERY_FAILED', reason, this.clock.now()),
      },
    ]);
    if (alert.caseId) await this.deliveries.addCaseNote(alert.caseId, 'notifier', `Alert ${alert.referenceCode} not delivered: ${reason}`);
    return this.fallBack(key, ctx);
  }

  /** One channel failed for good: send on the other, as a batch does. Claims keep this from sending anything twice. */
  private async fallBack(failed: DeliveryKey, ctx: RenderContext): Promise<Failure[]> {
    const other = failed.channel === 'email' ? 'sms' : 'email';
    const recipients = await this.deliveries.recipientsOf([failed.alert.accountId], this.config.previousContactDays);
    const contacts = contactsFor(failed.alert, recipients.get(failed.alert.accountId));
    // A step-up falls back to the other channel's trusted contact where it has one, as it was sent to one.
    const trusted = this.stepUpTo(
      failed.alert,
      contacts.filter((r) => r.channel === other),
      undefined,
    );
    const forOther = trusted ? [trusted] : recipientsFor(contacts, other).recipients;
    if (forOther.length === 0) return [];
    this.log.warn({ msg: `falling back to ${other}`, alertId: failed.alert.alertId, failedChannel: failed.channel, recipients: forOther.length });
    return this.claimAndSend(forOther.map((recipient) => ({ key: { ...failed, channel: other, recipient }, ctx })));
  }

  /** For a step-up (a case's question the borrower's "was me" may close), the one trusted contact it goes to; otherwise null. */
  private stepUpTo(alert: AlertMessage, contacts: readonly Recipient[], preferred: readonly string[] | undefined): Recipient | null {
    if (alert.kind !== 'fraud' || alert.decision !== 'alert' || !alert.caseId) return null;
    return stepUpRecipient(contacts, preferred, new Date(alert.event.occurredAt), this.config.trustedContactAgeMs, alert.untrustedChannels);
  }

  private needsToken(alert: AlertMessage): boolean {
    return !this.config.linkFree && (alert.kind !== 'fraud' || alert.caseId !== undefined);
  }

  /** The link records which contact it went to and since when that contact was on file: only a trusted one may answer "was me". */
  private tokenInput(alert: AlertMessage, ctx: RenderContext, recipient: Recipient): Parameters<typeof issueAnswerToken>[1] {
    const notice = alert.kind === 'notice' ? alert.notice : undefined;
    return {
      kind: alert.kind,
      caseId: alert.caseId ?? null,
      accountId: alert.accountId,
      alertId: alert.alertId,
      referenceCode: alert.referenceCode,
      locale: ctx.locale,
      summary: {
        eventType: alert.event?.type,
        occurredAt: alert.event?.occurredAt,
        channel: alert.event?.channel,
        cardMasked: notice?.cardMasked ?? alert.event?.cardMasked,
        noticeType: notice?.type,
        expiresOn: notice?.expiresOn,
      },
      ttlHours: this.config.answerTokenTtlHours,
      recipientChannel: recipient.channel,
      // Unknown, for a channel someone else asked a password reset through: a "was me" from it closes nothing.
      recipientSince: alert.kind === 'fraud' && alert.untrustedChannels?.includes(recipient.channel) ? undefined : recipient.since,
    };
  }

  /** The schema, checked as the alert was consumed, gives fraud messages their event and notices their notice. */
  private render(alert: AlertMessage, ctx: RenderContext, answerUrl: string | undefined, previousContact: boolean, reminder: boolean): RenderedAlert {
    return alert.kind === 'notice' ? renderNotice(alert, alert.notice, ctx, answerUrl) : renderFraudAlert(alert, alert.event, ctx, { answerUrl, previousContact, reminder });
  }
}
