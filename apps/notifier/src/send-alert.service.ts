import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AlertMessage, maskEmail, maskPhone } from '@sentinel/contracts';
import { issueAnswerToken, voidAnswerToken } from '@sentinel/persistence';
import { counter, METRICS } from '@sentinel/platform';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EMAIL_SENDER, type EmailSender, SMS_SENDER, type SendOutcome, type SmsSender } from './channels/channel';
import { DeliveriesRepository, type DeliveryKey, type Recipient } from './deliveries.repository';
import type { NotifierConfig } from './notifier.config';
import { FRAUD_ALERT_TEMPLATE, type RenderContext, type RenderedAlert, renderFraudAlert } from './templates/fraud-alert.template';
import { noticeTemplate, renderNotice } from './templates/notice.template';

export const NOTIFIER_CONFIG = Symbol('NotifierConfig');

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
    private readonly deliveries: DeliveriesRepository,
    @Inject(METRICS) registry: Registry,
  ) {
    this.sent = counter(registry, 'sentinel_notifier_deliveries_total', 'Delivery outcomes, by channel', ['channel', 'status']);
  }

  async send(alert: AlertMessage): Promise<void> {
    const fraud = alert.kind === 'fraud';
    const [recipients, preferences] = await Promise.all([
      this.deliveries.recipients(alert.accountId, fraud ? this.config.previousContactDays : 0),
      this.deliveries.preferences(alert.accountId),
    ]);
    const ctx: RenderContext = {
      platformName: this.config.platformName,
      locale: preferences.locale ?? this.config.defaultLocale,
      timeZone: this.config.timeZone,
    };
    const template = alert.kind === 'notice' && alert.notice ? noticeTemplate(alert.notice.type) : FRAUD_ALERT_TEMPLATE;
    for (const channel of ['email', 'sms'] as const) {
      const forChannel = recipients.filter((r) => r.channel === channel);
      if (forChannel.length === 0) {
        await this.skip({ alert, channel, template, recipient: null }, `no ${channel} contact on file`);
        continue;
      }
      for (const recipient of forChannel) await this.deliver({ alert, channel, template, recipient }, ctx);
    }
  }

  private async skip(key: DeliveryKey, reason: string): Promise<void> {
    if (!(await this.deliveries.claim(key, null))) return;
    await this.deliveries.finish(key, { status: 'skipped', error: reason });
    this.sent.inc({ channel: key.channel, status: 'skipped' });
  }

  private async deliver(key: DeliveryKey & { recipient: Recipient }, ctx: RenderContext): Promise<void> {
    const { alert, channel, recipient } = key;
    const recipientMasked = masked(recipient);
    const fields = { alertId: alert.alertId, caseId: alert.caseId, channel, recipient: recipientMasked, correlationId: alert.correlationId };
    if (!(await this.deliveries.claim(key, recipientMasked))) {
      this.log.log({ msg: 'already delivered; skipping', ...fields });
      return;
    }
    const token = await this.answerToken(alert, ctx);
    const rendered = this.render(alert, ctx, token?.url, recipient.previous);
    const outcome: SendOutcome =
      channel === 'email'
        ? await this.email.send({ to: recipient.address, subject: rendered.subject, text: rendered.text, html: rendered.html })
        : await this.sms.send({ to: recipient.address, body: rendered.sms });
    if (outcome.status === 'sent') {
      await this.deliveries.finish(key, { status: 'sent', providerMessageId: outcome.providerMessageId });
      this.log.log({ msg: 'alert delivered', previousContact: recipient.previous, ...fields });
    } else {
      if (token) await voidAnswerToken(this.dataSource.manager, token.id);
      await this.deliveries.finish(key, { status: 'failed', error: outcome.error });
      this.log.error({ msg: 'alert delivery failed', error: outcome.error, transient: outcome.transient, ...fields });
    }
    this.sent.inc({ channel, status: outcome.status });
  }

  /** A fresh single-use link per message, for alerts with a case the borrower can answer. */
  private async answerToken(alert: AlertMessage, ctx: RenderContext): Promise<{ id: string; url: string } | undefined> {
    if (this.config.linkFree || alert.kind !== 'fraud' || !alert.caseId) return undefined;
    const { id, token } = await issueAnswerToken(this.dataSource.manager, {
      kind: 'fraud',
      caseId: alert.caseId,
      accountId: alert.accountId,
      alertId: alert.alertId,
      referenceCode: alert.referenceCode,
      locale: ctx.locale,
      summary: {
        eventType: alert.event?.type,
        occurredAt: alert.event?.occurredAt,
        channel: alert.event?.channel,
        cardMasked: alert.event?.cardMasked,
      },
      ttlHours: this.config.answerTokenTtlHours,
    });
    return { id, url: `${this.config.publicBaseUrl}/verify/${token}` };
  }

  /** The schema guarantees fraud messages an event and notices a notice. */
  private render(alert: AlertMessage, ctx: RenderContext, answerUrl: string | undefined, previousContact: boolean): RenderedAlert {
    if (alert.kind === 'notice' && alert.notice) return renderNotice(alert, alert.notice, ctx);
    if (alert.kind === 'fraud' && alert.event) return renderFraudAlert(alert, alert.event, ctx, { answerUrl, previousContact });
    throw new Error(`alert ${alert.alertId} of kind ${alert.kind} lacks its ${alert.kind === 'notice' ? 'notice' : 'event'}`);
  }
}
