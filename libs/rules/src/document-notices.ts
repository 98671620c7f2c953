import type { LocalizedText } from '@sentinel/contracts';
import { daysBetweenDates } from './time';

export interface DocumentExpiry {
  accountId: string;
  documentType: string;
  expiresOn: string;
  /** Reminder thresholds (days before expiry) already sent for this expiry date. */
  remindedDays: number[];
  expiredNotified: boolean;
}

export interface DocumentNotice {
  ruleId: 'notice.id-expiring' | 'notice.id-expired';
  daysLeft: number;
  expiresOn: string;
  /** Thresholds to record as sent: every one crossed, so a late start sends one reminder, not three. */
  markDays: number[];
  expired: boolean;
  explanation: LocalizedText;
}

/**
 * What to tell the borrower about their ID document today, if anything: the most urgent reminder
 * threshold crossed and not yet sent (30, 7, 1 days by default), or that it has expired. Pure:
 * `today` is the calendar date in the platform's time zone.
 */
export function dueDocumentNotice(
  doc: DocumentExpiry,
  today: string,
  thresholds: number[],
  { remindersEnabled, expiredEnabled }: { remindersEnabled: boolean; expiredEnabled: boolean },
): DocumentNotice | null {
  const daysLeft = daysBetweenDates(today, doc.expiresOn);
  if (daysLeft < 0) {
    if (!expiredEnabled || doc.expiredNotified) return null;
    return {
      ruleId: 'notice.id-expired',
      daysLeft,
      expiresOn: doc.expiresOn,
      markDays: [],
      expired: true,
      explanation: {
        en: `Your ID document expired on ${doc.expiresOn}. Update it to keep using your account.`,
        'zh-CN': `您的身份证件已于 ${doc.expiresOn} 过期，请及时更新，以免影响账户使用。`,
      },
    };
  }
  if (!remindersEnabled) return null;
  const crossed = thresholds.filter((t) => daysLeft <= t && !doc.remindedDays.includes(t));
  if (crossed.length === 0) return null;
  return {
    ruleId: 'notice.id-expiring',
    daysLeft,
    expiresOn: doc.expiresOn,
    markDays: crossed,
    expired: false,
    explanation: {
      en: `Your ID document expires on ${doc.expiresOn}, in ${daysLeft} day(s). Update it before then to keep your account working.`,
      'zh-CN': `您的身份证件将于 ${doc.expiresOn} 到期（还有 ${daysLeft} 天），请在到期前更新，以免影响账户使用。`,
    },
  };
}
