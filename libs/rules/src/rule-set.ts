import type { Decision } from '@sentinel/contracts';
import type { CatalogEntry, RuleSet, RuleSettings } from './rule-settings';
import type { Rule } from './rule';
import { RING_RULES } from './cross-account/ring-rollup';
import { cardOwnNameBenignRule, faceConsentBenignRule, otpTrustedContactBenignRule, settledDeviceBenignRule } from './benign';
import { cardInvalidatedNoticeRule } from './rules/card-invalidated.notice.rule';
import { cardSwapRule } from './rules/card-swap.rule';
import { loanAfterRedirectRule } from './rules/loan-after-redirect.rule';
import { loanAfterSilencingRule } from './rules/loan-after-silencing.rule';
import { loanAmountAnomalyRule } from './rules/loan-amount-anomaly.rule';
import { loanDormantAccountRule } from './rules/loan-dormant-account.rule';
import { loanFirstDrawRushRule } from './rules/loan-first-draw-rush.rule';
import { loanExpiredDocumentRule } from './rules/loan-expired-document.rule';
import { loanNewDeviceRule } from './rules/loan-new-device.rule';
import { loanOutsizedAfterResetRule } from './rules/loan-outsized-after-reset.rule';
import { loanPaceRule } from './rules/loan-pace.rule';
import { loanStaffOpenedRule } from './rules/loan-staff-opened.rule';
import { loanToNewHolderCardRule } from './rules/loan-to-new-holder-card.rule';
import { loanPartnerUnknownDeviceRule } from './rules/loan-partner-unknown-device.rule';
import { loanVelocityRule } from './rules/loan-velocity.rule';
import { loanWithoutConsentRule } from './rules/loan-without-consent.rule';
import { unbindAfterTakeoverSignalRule } from './rules/unbind-after-takeover-signal.rule';
import { unbindPassThroughCardRule } from './rules/unbind-pass-through-card.rule';
import { unbindOnlyCardInRepaymentRule } from './rules/unbind-only-card-in-repayment.rule';
import { unbindRepeatedRule } from './rules/unbind-repeated.rule';
import { unbindUnknownDeviceRule } from './rules/unbind-unknown-device.rule';
import { unbindUnknownIpRule } from './rules/unbind-unknown-ip.rule';
import { unbindWithoutConsentRule } from './rules/unbind-without-consent.rule';

export type { CatalogEntry, RuleSet, RuleSettings } from './rule-settings';

/** Rules that run on each event. */
export const EVENT_RULES: readonly Rule[] = [
  unbindUnknownDeviceRule,
  unbindUnknownIpRule,
  unbindAfterTakeoverSignalRule,
  cardSwapRule,
  unbindWithoutConsentRule,
  unbindRepeatedRule,
  unbindOnlyCardInRepaymentRule,
  unbindPassThroughCardRule,
  loanWithoutConsentRule,
  loanPartnerUnknownDeviceRule,
  loanNewDeviceRule,
  loanAfterRedirectRule,
  loanVelocityRule,
  loanAmountAnomalyRule,
  loanDormantAccountRule,
  loanExpiredDocumentRule,
  loanOutsizedAfterResetRule,
  loanToNewHolderCardRule,
  loanPaceRule,
  loanAfterSilencingRule,
  loanStaffOpenedRule,
  loanFirstDrawRushRule,
  cardInvalidatedNoticeRule,
  // Signs of the real borrower: they lower the score of doubts about who acts.
  faceConsentBenignRule,
  otpTrustedContactBenignRule,
  cardOwnNameBenignRule,
  settledDeviceBenignRule,
];

/** Rules that run on a schedule or across accounts rather than on one event. */
const OTHER_RULES: readonly CatalogEntry[] = [
  {
    id: 'merchant.rollup',
    description: 'A merchant or partner with flagged or "not me" loans on at least K accounts within the window',
    category: 'fraud',
    phase: 'cross-account',
    defaults: { severity: 'critical', score: 0, params: { minAccounts: 3, windowDays: 30 } },
  },
  {
    id: 'notice.id-expiring',
    description: 'ID document expiring: a reminder at each threshold, once',
    category: 'notice',
    phase: 'scheduled',
    defaults: { severity: 'low', score: 0, params: { firstDays: 30, secondDays: 7, lastDays: 1 } },
  },
  {
    id: 'notice.id-expired',
    description: 'ID document expired',
    category: 'notice',
    phase: 'scheduled',
    defaults: { severity: 'low', score: 0, params: {} },
  },
];

export const RULE_CATALOG: readonly CatalogEntry[] = [...EVENT_RULES, ...OTHER_RULES, ...RING_RULES];

/**
 * The score bands, and the response each means (docs/rules.md, "Tiers"): `notice` a heads-up to the
 * borrower, `alert` a step-up, `urgent` a case. With `riskScore`, 50 is one ordinary evidence
 * finding left unanswered, 80 more than two.
 */
const DEFAULT_DECISIONS: Record<Decision, number> = { notice: 1, alert: 50, urgent: 80 };

function defaultSettings(entry: CatalogEntry): RuleSettings {
  return { enabled: true, severity: entry.defaults.severity, score: entry.defaults.score, params: { ...entry.defaults.params } };
}

export function defaultRuleSet(version = 1): RuleSet {
  return {
    version,
    rules: Object.fromEntries(RULE_CATALOG.map((entry) => [entry.id, defaultSettings(entry)])),
    decisions: { ...DEFAULT_DECISIONS },
  };
}

/** Settings for every rule in the catalog: stored ones, and defaults for rules added since. */
export function completeRuleSet(stored: { version: number; rules: Record<string, RuleSettings>; decisions: Record<Decision, number> }): RuleSet {
  const rules: Record<string, RuleSettings> = {};
  for (const entry of RULE_CATALOG) {
    const saved = stored.rules[entry.id];
    rules[entry.id] = saved ? { ...saved, params: { ...entry.defaults.params, ...saved.params } } : defaultSettings(entry);
  }
  return { version: stored.version, rules, decisions: { ...DEFAULT_DECISIONS, ...stored.decisions } };
}
