import { type AlertEvent, type AlertMessage, borrowerTime, channelLabel, isMessageKey, type Locale, type MessageParams, translate } from '@sentinel/contracts';
import { BORROWER_MESSAGES, type BorrowerMessageKey } from './borrower-messages.i18n';
import { borrowerReason } from './borrower-reason';
import { htmlOf } from './html';

export interface RenderContext {
  platformName: string;
  locale: Locale;
  timeZone: string;
}

export interface AlertLinks {
  /** The answer link, unless the platform runs link-free. */
  answerUrl?: string;
  /** This recipient is a contact replaced recently: say why they are hearing from us. */
  previousContact?: boolean;
  /** The borrower has not answered the first alert. */
  reminder?: boolean;
}

export interface RenderedAlert {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export const FRAUD_ALERT_TEMPLATE = 'fraud-alert';
export const FRAUD_REMINDER_TEMPLATE = 'fraud-alert-reminder';

/**
 * The borrower's fraud alert: what happened, when and through which channel, with masked data
 * only; how to respond through official channels; never a request for a password or a code.
 */
export function renderFraudAlert(alert: AlertMessage, event: AlertEvent, ctx: RenderContext, { answerUrl, previousContact, reminder }: AlertLinks = {}): RenderedAlert {
  const say = (key: BorrowerMessageKey, params?: MessageParams) => translate(BORROWER_MESSAGES, ctx.locale, key, params);
  const actionKey = `action:${event.type}`;
  const action = isMessageKey(BORROWER_MESSAGES, actionKey) ? say(actionKey, { card: event.cardMasked ?? '' }) : event.type;
  const time = borrowerTime(event.occurredAt, ctx.locale, ctx.timeZone);
  const channel = channelLabel(event.channel, ctx.locale);
  const reasons = alert.hits.map((hit) => borrowerReason(hit.explanation[ctx.locale], [event.id, event.deviceId]));
  const platform = ctx.platformName;
  const code = alert.referenceCode;
  const lines = [
    say('hello'),
    '',
    say('alert.noticed', { platform }),
    '',
    `  ${say('alert.what', { action })}`,
    `  ${say('alert.when', { time })}`,
    `  ${say('alert.channel', { channel })}`,
    '',
    say('alert.why'),
    ...reasons.map((reason) => `  ${say('alert.reason', { reason })}`),
    '',
    ...(answerUrl ? [say('alert.answer', { url: answerUrl }), say('alert.answerElsewhere', { code })] : [say('alert.ifNotYou', { platform, code })]),
    ...(previousContact ? ['', say('alert.previousContact')] : []),
    '',
    say('neverAsk'),
    say('reference', { code }),
  ];
  return {
    subject: say('alert.subject', { platform, again: reminder ? say('alert.again') : '', action, code }),
    text: lines.join('\n'),
    html: htmlOf(lines, { lang: ctx.locale, button: answerUrl ? { url: answerUrl, label: say('alert.button') } : undefined }),
    sms: answerUrl ? say('alert.smsAnswer', { platform, action, time, channel, url: answerUrl, code }) : say('alert.sms', { platform, action, time, channel, code }),
  };
}
