import { type AccountVerdict, defaultRuleSet, SCORE_BANDS, scoreBandName, scoreBandOf } from '@sentinel/rules';
import type { Channels } from './corpus/generate-corpus';
import type { Label } from './corpus/story';

/**
 * What a mode did to one account. The detector modes also know the messages without a case
 * (heads-ups), the holds on `account.actions` (step-ups) and the case's score; replay and the
 * in-process backtest leave them out, and the metrics built on them read "-" there.
 */
export interface EvalVerdict extends AccountVerdict {
  headsUps?: number;
  stepUps?: number;
  /** The highest score of the account's fraud cases. */
  caseScore?: number;
  /** A step-up the borrower's "was me" closed (see borrower-answers.ts): no case is left. */
  released?: boolean;
  /**
   * The account had a contact on file for the trusted age when its case was first flagged: the
   * notifier sends each step-up there alone (see borrower-answers.ts, `withStepUpReach`).
   */
  trustedContact?: boolean;
}

/** A labelled account as the metrics need it. */
export interface ScoredAccount {
  accountId: string;
  label: Label;
  channels: Channels;
}

export interface Metrics {
  accounts: number;
  attackAccounts: number;
  benignAccounts: number;
  /** Accounts with a fraud case. */
  cases: number;
  attackCases: number;
  benignCases: number;
  /** Attack accounts with a case / attack accounts (null with none). */
  recall: number | null;
  /** Benign accounts with a case / benign accounts (null with none). */
  falseCaseRate: number | null;
  /** Fraud-kind borrower messages on benign accounts / benign accounts (null with none). */
  fraudAlertsPerBenign: number | null;
  /** Fraud messages to benign accounts times the channels each reaches (SMS, email; a heads-up one), per 100 benign accounts. */
  fraudDeliveriesPer100Benign: number | null;
  /** Fraud messages without a case on benign accounts, per 100 (null where the mode cannot tell). */
  headsUpsPer100Benign: number | null;
  /** Holds recommended on `account.actions` for benign accounts, per 100 (null where the mode cannot tell). */
  stepUpsPer100Benign: number | null;
  /**
   * Benign accounts whose case scores in the urgent band, per 100: the false cases an analyst
   * works at once, as against step-ups the borrower's "was me" releases (null where the mode
   * knows no case score).
   */
  urgentCasesPer100Benign: number | null;
  /** Benign accounts that closed a step-up with a "was me" tap, per 100 (0 before answers). */
  tapsPer100Benign: number | null;
}

const NONE: EvalVerdict = { case: false, ruleIds: [], fraudMessages: 0 };
const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
const per100 = (n: number, d: number) => (d === 0 ? null : (100 * n) / d);
const channelCount = (c: Channels) => Number(c.sms) + Number(c.email);

/**
 * What the borrower receives: a fraud message goes to every channel on file, except a heads-up,
 * which the notifier sends on one (the preferred, unchanged one), and a step-up, which goes to one
 * trusted contact where the account has one; where the mode cannot tell them apart, every message
 * counts on every channel.
 */
function deliveries(v: EvalVerdict, channels: Channels): number {
  const reach = channelCount(channels);
  const headsUps = Math.min(v.headsUps ?? 0, v.fraudMessages);
  const stepUps = v.trustedContact ? Math.min(v.stepUpMessages ?? 0, v.fraudMessages - headsUps) : 0;
  return (v.fraudMessages - headsUps - stepUps) * reach + (headsUps + stepUps) * Math.min(1, reach);
}

export function metricsOf(accounts: readonly ScoredAccount[], verdicts: Record<string, EvalVerdict>, urgentAt: number = defaultRuleSet().decisions.urgent): Metrics {
  const of = (a: ScoredAccount) => verdicts[a.accountId] ?? NONE;
  const attack = accounts.filter((a) => a.label === 'attack');
  const benign = accounts.filter((a) => a.label === 'benign');
  const attackCases = attack.filter((a) => of(a).case).length;
  const benignCases = benign.filter((a) => of(a).case).length;
  const sum = (f: (a: ScoredAccount) => number) => benign.reduce((total, a) => total + f(a), 0);
  // A mode that knows heads-ups reports them for every account it touched; an account it never touched had none.
  const knows = (field: 'headsUps' | 'stepUps') => Object.values(verdicts).some((v) => v[field] !== undefined) || Object.keys(verdicts).length === 0;
  return {
    accounts: accounts.length,
    attackAccounts: attack.length,
    benignAccounts: benign.length,
    cases: attackCases + benignCases,
    attackCases,
    benignCases,
    recall: ratio(attackCases, attack.length),
    falseCaseRate: ratio(benignCases, benign.length),
    fraudAlertsPerBenign: ratio(
      sum((a) => of(a).fraudMessages),
      benign.length,
    ),
    fraudDeliveriesPer100Benign: per100(
      sum((a) => deliveries(of(a), a.channels)),
      benign.length,
    ),
    headsUpsPer100Benign: knows('headsUps')
      ? per100(
          sum((a) => of(a).headsUps ?? 0),
          benign.length,
        )
      : null,
    stepUpsPer100Benign: knows('stepUps')
      ? per100(
          sum((a) => of(a).stepUps ?? 0),
          benign.length,
        )
      : null,
    tapsPer100Benign: per100(benign.filter((a) => of(a).released).length, benign.length),
    urgentCasesPer100Benign: Object.values(verdicts).some((v) => v.caseScore !== undefined)
      ? per100(benign.filter((a) => of(a).case && (of(a).caseScore ?? 0) >= urgentAt).length, benign.length)
      : null,
  };
}

export interface CalibrationRow {
  band: string;
  cases: number;
  /** Cases on attack accounts. */
  fraud: number;
  /** fraud / cases (null with no case in the band). */
  share: number | null;
}

/**
 * For the accounts with a case and a known case score: per score band, how many cases and how many
 * of them are fraud. A score that ranks has a share that rises with the band. Null where the mode
 * does not know case scores.
 */
export function calibration(accounts: readonly ScoredAccount[], verdicts: Record<string, EvalVerdict>): CalibrationRow[] | null {
  const scored = accounts.flatMap((a) => {
    const v = verdicts[a.accountId];
    return v?.case && v.caseScore !== undefined ? [{ score: v.caseScore, fraud: a.label === 'attack' }] : [];
  });
  if (!Object.values(verdicts).some((v) => v.case && v.caseScore !== undefined)) return null;
  return SCORE_BANDS.map((band, i) => {
    const inBand = scored.filter((s) => scoreBandOf(s.score) === i);
    const fraud = inBand.filter((s) => s.fraud).length;
    return { band: scoreBandName(band), cases: inBand.length, fraud, share: ratio(fraud, inBand.length) };
  });
}
