import type { AccountEvent, LocalizedText } from '@sentinel/contracts';
import type { AccountState } from './account-state';
import type { Clock } from './clock';
import type { Evidence, Severity } from './rule-hit';

export interface RuleFinding {
  evidence: Evidence;
  explanation: LocalizedText;
  /** Added to the configured score, for a finding stronger than the rule's usual case. */
  scoreAdjust?: number;
  /** Overrides the rule's `kind` for this finding: a card swap to a card in the same name is context only. */
  context?: boolean;
}

/**
 * A detection rule: a pure function of the account's state, the event and the clock. It does no
 * I/O and throws nothing; `null` means the rule has nothing to say.
 *
 * - `immediate` rules run when the event arrives, on the state before it.
 * - `deferred` rules run once the lateness window has passed, on the state as it is then, so that
 *   events arriving out of order (a consent just after the loan it authorised) are taken into
 *   account. They must only look at traces relative to the event's own time.
 *
 * `fraud` findings add to the event's risk score; `notice` findings go to the borrower only.
 * `context` rules describe circumstances rather than evidence: their findings count only beside
 * an evidence finding on the same event. `benign` rules find signs of the real borrower: they
 * lower the score of the doubts about who acts (see `riskScore`).
 */
export interface Rule<P extends Record<string, number> = Record<string, number>> {
  id: string;
  description: string;
  category: 'fraud' | 'notice';
  phase: 'immediate' | 'deferred';
  /** Evidence by default; `benign` findings are signs of the real borrower and lower the score. */
  kind?: 'evidence' | 'context' | 'benign';
  /** What the rule doubts: who acts (by default; benign findings answer it) or what is done (they do not). */
  doubt?: 'actor' | 'fact';
  /**
   * A face check of the borrower for this very event answers the rule, which is then not asked
   * (`faceCheckFor`): the borrower chose it, where an OTP says only that whoever holds the phone did.
   */
  answeredByFace?: boolean;
  /**
   * Evidence a borrower's "was me" cannot clear, so that a finding of it makes a case rather than a
   * step-up: the answer can come from the very person the rule doubts (the victim's phone in hand, a
   * swapped SIM) or from a victim coached to approve, and the rule doubts where the money goes, which
   * neither the holder's nor a deceived borrower's confirmation makes safe.
   */
  answerProof?: boolean;
  /** Event types the rule looks at; others are skipped without calling it. */
  on: readonly AccountEvent['type'][];
  defaults: { severity: Severity; score: number; params: P };
  evaluate(state: AccountState, event: AccountEvent, clock: Clock, params: P): RuleFinding | null;
  /**
   * For deferred rules: how far before and after the event the traces it looks at lie. A deferred
   * judgement is made on the recorded events within it, whatever has happened to the account since.
   */
  window?(params: P): { beforeMs: number; afterMs: number };
}

/** Declares a rule with its parameter types checked, and erases them for the catalog. */
export const defineRule = <P extends Record<string, number>>(rule: Rule<P>): Rule => rule;
