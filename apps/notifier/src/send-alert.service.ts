import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AlertMessage, maskEmail, maskPhone } from '@sentinel/contracts';
import type { DeliveryChannel } from '@sentinel/persistence';
import { counter, METRICS } from '@sentinel/platform';
import type { Registry } from 'prom-client';
import { EMAIL_SENDER, type EmailSender, SMS_SENDER, type SendOutcome, type SmsSender } from './channels/channel';
import { DeliveriesRepository } from './deliveries.repository';
import type { NotifierConfig } from './notifier.config';
import { FRAUD_ALERT_TEMPLATE, type RenderContext, renderFraudAlert } from './templates/fraud-alert.template';
import { noticeTemplate, renderNotice } from './templates/notice.template';

export const NOTIFIER_CONFIG = Symbol('NotifierConfig');

/** Picks the template for the message's kind; the schema guarantees fraud messages an event and notices a notice. */
function render(alert: AlertMessage, ctx: RenderContext) {
  if (alert.kind === 'notice' && alert.notice) {
    return { template: noticeTemplate(alert.notice.type), rendered: renderNotice(alert, alert.notice, ctx) };
  }
  if (alert.kind === 'fraud' && alert.event) return { template: FRAUD_ALERT_TEMPLATE, rendered: renderFraudAlert(alert, alert.event, ctx) };
  throw new Error(`alert ${alert.alertId} of kind ${alert.kind} lacks its ${alert.kind === 'notice' ? 'notice' : 'event'}`);
}

/** Sends one alert to the borrower on every channel with a contact, once per channel. */
@Injectable()
export class SendAlertService {
  private readonly log = new Logger(SendAlertService.name);
  private readonly sent;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    private readonly deliveries: DeliveriesRepository,
    @Inject(METRICS) registry: Registry,
  ) {
    this.sent = counter(registry, 'sentinel_notifier_deliveries_total', 'Delivery outcomes, by channel', ['channel', 'status']);
  }

  async send(alert: AlertMessage): Promise<void> {
    const contacts = await this.deliveries.currentContacts(alert.accountId);
    const ctx = { platformName: this.config.platformName, locale: this.config.defaultLocale, timeZone: this.config.timeZone };
    const { template, rendered } = render(alert, ctx);
    await this.deliver(alert, template, 'email', contacts.email && maskEmail(contacts.email), () =>
      this.email.send({ to: contacts.email!, subject: rendered.subject, text: rendered.text, html: rendered.html }),
    );
    await this.deliver(alert, template, 'sms', contacts.phone && maskPhone(contacts.phone), () =>
      this.sms.send({ to: contacts.phone!, body: rendered.sms }),
    );
  }

  private async deliver(
    alert: AlertMessage,
    template: string,
    channel: DeliveryChannel,
    recipientMasked: string | undefined,
    send: () => Promise<SendOutcome>,
  ): Promise<void> {
    const fields = { alertId: alert.alertId, caseId: alert.caseId, channel, correlationId: alert.correlationId };
    if (!(await this.deliveries.claim(alert, channel, template, recipientMasked ?? null))) {
      this.log.log({ msg: 'already delivered; skipping', ...fields });
      return;
    }
    if (!recipientMasked) {
      await this.deliveries.finish(alert.alertId, channel, { status: 'skipped', error: `no ${channel} contact on file` });
      this.sent.inc({ channel, status: 'skipped' });
      return;
    }
    const outcome = await send();
    if (outcome.status === 'sent') {
      await this.deliveries.finish(alert.alertId, channel, { status: 'sent', providerMessageId: outcome.providerMessageId });
      this.log.log({ msg: 'alert delivered', recipient: recipientMasked, ...fields });
    } else {
      await this.deliveries.finish(alert.alertId, channel, { status: 'failed', error: outcome.error });
      this.log.error({ msg: 'alert delivery failed', error: outcome.error, transient: outcome.transient, ...fields });
    }
    this.sent.inc({ channel, status: outcome.status });
  }
}
