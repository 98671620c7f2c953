import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AlertMessage, maskEmail, maskPhone, Topics } from '@sentinel/contracts';
import { deadLetterHeaders, MESSAGE_PUBLISHER, type MessagePublisher } from '@sentinel/messaging';
import { isConnectionFailure, issueAnswerToken, voidAnswerToken } from '@sentinel/persistence';
import { counter, METRICS } from '@sentinel/platform';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EMAIL_SENDER, type EmailSender, SMS_SENDER, type SendOutcome, type SmsSender } from './channels/channel';
import { backoffMs } from './backoff';
import { quietHoldMs } from './quiet-hours';
import { DeliveriesRepository, type DeliveryKey, type DueDelivery, hashOf, type Recipient } from './deliveries.repository';
import { InFlightDeliveries } from './in-flight-deliveries';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';
import { FRAUD_ALERT_TEMPLATE, FRAUD_REMINDER_TEMPLATE, type RenderContext, type RenderedAlert, renderFraudAlert } from './templates/fraud-alert.template';
import { noticeTemplate, renderNotice } from './templates/notice.template';

/** Due messages sent at once by one retry pass. */
const RETRY_CONCURRENCY = 8;

/** Runs `work` on every item, `concurrency` at a time, and returns the errors. */
async function eachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<unknown[]> {
  const queue = [...items];
  const errors: unknown[] = [];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item).catch((error: unknown) => errors.push(error));
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return errors;
}

const masked = (r: Recipient) => (r.channel === 'email' ? maskEmail(r.address) : maskPhone(r.address));

/**
 * Sends one alert to the borrower: on every channel with a contact, and for fraud alerts also to
 * contacts replaced within PREVIOUS_CONTACT_DAYS (a takeover changes the contact first). Each
 * fraud message carries its own single-use answer link, unless the platform runs link-free.
 */
@Injectable()
export class SendAlertService {
  private readonly log = new Logger(SendAlertService.name);
  private readonly sent;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    private readonly deliveries: DeliveriesRepository,
    private readonly inFlight: InFlightDeliveries,
    @Inject(METRICS) registry: Registry,
  ) {
    this.sent = counter(registry, 'sentinel_notifier_deliveries_total', 'Delivery outcomes, by channel', ['channel', 'status']);
  }

  /**
   * Sends (or, for a fraud alert with a case, holds for GROUP_WAIT_MS so that hits arriving
   * meanwhile go out as one message). Fraud alerts go to every channel at once, whatever the
   * preferences and the hour: SMS alone is what a SIM swap takes over. Notices keep to the
   * borrower's channels, wait out their quiet hours, and keep to the daily limit.
   */
  async send(alert: AlertMessage, template = alert.kind === 'notice' && alert.notice ? noticeTemplate(alert.notice.type) : FRAUD_ALERT_TEMPLATE): Promise<void> {
    const fraud = alert.kind === 'fraud';
    const [recipients, preferences, sentToday] = await Promise.all([
      this.deliveries.recipients(alert.accountId, fraud ? this.config.previousContactDays : 0),
      this.deliveries.preferences(alert.accountId),
      fraud ? 0 : this.deliveries.sentToday(alert.accountId),
    ]);
    const ctx = this.context(preferences.locale);
    const holdMs = fraud
      ? alert.caseId && this.config.groupWaitMs > 0 && template === FRAUD_ALERT_TEMPLATE
        ? this.config.groupWaitMs
        : undefined
      : quietHoldMs(new Date(), preferences.quietHours, this.config.timeZone);
    const channels = !fraud && preferences.channels?.length ? preferences.channels : (['email', 'sms'] as const);
    for (const channel of channels) {
      const forChannel = recipients.filter((r) => r.channel === channel);
      if (forChannel.length === 0) {
        await this.skip({ alert, channel, template, recipient: null }, `no ${channel} contact on file`);
        continue;
      }
      for (const recipient of forChannel) {
        const key = { alert, channel, template, recipient };
        if (!fraud && sentToday >= this.config.dailyMessageLimit) {
          await this.skip(key, `daily limit of ${this.config.dailyMessageLimit} messages reached`);
          continue;
        }
        await this.deliver(key, ctx, holdMs);
      }
    }
  }

  /**
   * One pass of the retry scheduler: sends due messages (transient failures past their backoff,
   * held ones whose wait is over, ones whose notifier died mid-send), RETRY_CONCURRENCY at a time.
   * Returns true when more may be due.
   */
  async retryDue(limit = 32): Promise<boolean> {
    const due = await this.deliveries.leaseDue(limit, this.config.leaseMs);
    // A message this process is still sending (its lease ran out while Postgres was unreachable) is
    // left to the send under way.
    const mine = due.filter((retry) => this.inFlight.take(retry.id));
    const failures = await eachConcurrently(mine, RETRY_CONCURRENCY, async (retry) => {
      try {
        await this.retry(retry);
      } finally {
        this.inFlight.release(retry.id);
      }
    });
    if (failures.length > 0) throw failures[0];
    return due.length === limit;
  }

  private async retry(retry: DueDelivery): Promise<void> {
    const [recipients, preferences] = await Promise.all([
      this.deliveries.recipients(retry.alert.accountId, retry.alert.kind === 'fraud' ? this.config.previousContactDays : 0),
      this.deliveries.preferences(retry.alert.accountId),
    ]);
    const key = { alert: retry.alert, channel: retry.channel, template: retry.template };
    const recipient = recipients.find((r) => r.channel === retry.channel && hashOf(r) === retry.recipientHash);
    if (!recipient) {
      // The contact was removed meanwhile; there is no one left to send this to.
      await this.record({ ...key, recipientHash: retry.recipientHash }, { status: 'skipped', error: 'the contact was removed before a retry' });
      return;
    }
    await this.attempt({ ...key, recipient }, this.context(preferences.locale), retry.attempts);
  }

  private context(locale: RenderContext['locale'] | undefined): RenderContext {
    return { platformName: this.config.platformName, locale: locale ?? this.config.defaultLocale, timeZone: this.config.timeZone };
  }

  private async skip(key: DeliveryKey, reason: string): Promise<void> {
    const claim = await this.deliveries.claim(key, key.recipient && masked(key.recipient), this.config.leaseMs);
    if (claim.state !== 'send') return;
    const skipped = await this.inFlight.hold(claim.id, () => this.record({ ...key, recipientHash: hashOf(key.recipient) }, { status: 'skipped', error: reason }));
    if (skipped) this.sent.inc({ channel: key.channel, status: 'skipped' });
  }

  private async deliver(key: DeliveryKey & { recipient: Recipient }, ctx: RenderContext, holdMs?: number): Promise<void> {
    const claim = await this.deliveries.claim(key, masked(key.recipient), this.config.leaseMs, holdMs);
    if (claim.state === 'send' && (await this.inFlight.hold(claim.id, () => this.attempt(key, ctx, claim.attempts)))) return;
    const why = claim.state === 'held' ? 'held for grouping' : claim.state === 'done' ? 'already delivered or being retried; skipping' : 'being sent; skipping';
    this.log.log({ msg: why, alertId: key.alert.alertId, channel: key.channel });
  }

  /**
   * Records a send's outcome, waiting out a Postgres outage: the message has gone (or failed) and
   * cannot be taken back, so the record must land before this process moves on, or a redelivery
   * would find the message still unsent and send it again. An error Postgres answered with is
   * not an outage and is thrown.
   */
  private async record(key: Parameters<DeliveriesRepository['finish']>[0], result: Parameters<DeliveriesRepository['finish']>[1]): Promise<void> {
    for (let wait = 200; ; wait = Math.min(wait * 2, 5000)) {
      try {
        return await this.deliveries.finish(key, result);
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        this.log.warn({ msg: 'cannot record a delivery outcome yet; Postgres unreachable', status: result.status, channel: key.channel, alertId: key.alert.alertId, retryInMs: wait, error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /**
   * One send. A transient failure is retried with backoff up to NOTIFY_MAX_ATTEMPTS; a permanent
   * one, or the last transient one, dead-letters the alert and notes it on the case.
   */
  private async attempt(key: DeliveryKey & { recipient: Recipient }, ctx: RenderContext, attemptsSoFar: number): Promise<void> {
    const { alert, channel, recipient } = key;
    const recipientMasked = masked(recipient);
    const finishKey = { alert, channel, template: key.template, recipientHash: hashOf(recipient) };
    const fields = { alertId: alert.alertId, caseId: alert.caseId, channel, recipient: recipientMasked, correlationId: alert.correlationId };
    const token = await this.answerToken(alert, ctx, recipient);
    const rendered = this.render(alert, ctx, token?.url, recipient.previous, key.template === FRAUD_REMINDER_TEMPLATE);
    const outcome: SendOutcome =
      channel === 'email'
        ? await this.email.send({ to: recipient.address, subject: rendered.subject, text: rendered.text, html: rendered.html })
        : await this.sms.send({ to: recipient.address, body: rendered.sms });
    if (outcome.status === 'sent') {
      await this.record(finishKey, { status: 'sent', providerMessageId: outcome.providerMessageId });
      this.log.log({ msg: 'alert delivered', previousContact: recipient.previous, attempt: attemptsSoFar + 1, ...fields });
      this.sent.inc({ channel, status: 'sent' });
      return;
    }
    if (token) await voidAnswerToken(this.dataSource.manager, token.id);
    const attempt = attemptsSoFar + 1;
    if (outcome.transient && attempt < this.config.retry.maxAttempts) {
      const retryInMs = backoffMs(attempt, this.config.retry.baseMs, this.config.retry.maxMs);
      await this.record(finishKey, { status: 'retrying', error: outcome.error, retryInMs });
      this.log.warn({ msg: 'alert delivery failed; will retry', error: outcome.error, attempt, retryInMs, ...fields });
      this.sent.inc({ channel, status: 'retrying' });
      return;
    }
    await this.record(finishKey, { status: outcome.transient ? 'dead' : 'failed', error: outcome.error });
    this.log.error({ msg: 'alert not delivered; dead-lettering', error: outcome.error, attempt, transient: outcome.transient, ...fields });
    this.sent.inc({ channel, status: outcome.transient ? 'dead' : 'failed' });
    const reason = `${channel} to ${recipientMasked} failed after ${attempt} attempt(s): ${outcome.error}`;
    await this.publisher.publish(Topics.accountAlertsDlq, [
      {
        key: alert.accountId,
        value: Buffer.from(JSON.stringify(alert)),
        headers: deadLetterHeaders('DELIVERY_FAILED', reason, new Date()),
      },
    ]);
    if (alert.caseId) await this.deliveries.addCaseNote(alert.caseId, 'notifier', `Alert ${alert.referenceCode} not delivered: ${reason}`);
    await this.fallBack(key, ctx);
  }

  /** One channel failed for good: use the other. Claims keep this from sending anything twice. */
  private async fallBack(failed: DeliveryKey, ctx: RenderContext): Promise<void> {
    const other = failed.channel === 'email' ? 'sms' : 'email';
    const recipients = await this.deliveries.recipients(failed.alert.accountId, failed.alert.kind === 'fraud' ? this.config.previousContactDays : 0);
    for (const recipient of recipients.filter((r) => r.channel === other)) {
      this.log.warn({ msg: `falling back to ${other}`, alertId: failed.alert.alertId, failedChannel: failed.channel });
      await this.deliver({ ...failed, channel: other, recipient }, ctx);
    }
  }

  /**
   * A fresh single-use link per message: for a fraud alert with a case, to answer it; for a
   * notice, to open the notice and continue to the platform's re-verification. The link records
   * which contact it went to and since when that contact was on file.
   */
  private async answerToken(alert: AlertMessage, ctx: RenderContext, recipient: Recipient): Promise<{ id: string; url: string } | undefined> {
    if (this.config.linkFree) return undefined;
    if (alert.kind === 'fraud' && !alert.caseId) return undefined;
    const { id, token } = await issueAnswerToken(this.dataSource.manager, {
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
        cardMasked: alert.notice?.cardMasked ?? alert.event?.cardMasked,
        noticeType: alert.notice?.type,
        expiresOn: alert.notice?.expiresOn,
      },
      ttlHours: this.config.answerTokenTtlHours,
      recipientChannel: recipient.channel,
      recipientSince: recipient.since,
    });
    return { id, url: `${this.config.publicBaseUrl}/verify/${token}` };
  }

  /** The schema guarantees fraud messages an event and notices a notice. */
  private render(alert: AlertMessage, ctx: RenderContext, answerUrl: string | undefined, previousContact: boolean, reminder: boolean): RenderedAlert {
    if (alert.kind === 'notice' && alert.notice) return renderNotice(alert, alert.notice, ctx, answerUrl);
    if (alert.kind === 'fraud' && alert.event) return renderFraudAlert(alert, alert.event, ctx, { answerUrl, previousContact, reminder });
    throw new Error(`alert ${alert.alertId} of kind ${alert.kind} lacks its ${alert.kind === 'notice' ? 'notice' : 'event'}`);
  }
}
