import type { LocalizedText } from '@sentinel/contracts';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export type Evidence = Record<string, string | number | boolean | null>;

/** Why a rule fired: enough for an analyst to check it, in both languages, with masked data only. */
export interface RuleHit {
  ruleId: string;
  severity: Severity;
  score: number;
  evidence: Evidence;
  explanation: LocalizedText;
  /**
   * Context, not evidence (the only card while in repayment, a large loan): it strengthens other
   * findings on the same event and is dropped when it stands alone, so that what borrowers
   * ordinarily do on its own never reaches them as a fraud alert.
   */
  context?: boolean;
  /**
   * A sign of the real borrower (a face check, an OTP to a contact on file for months, a card in
   * her own name): it lowers the score of the doubts about who is acting, never raises it, and
   * alone is no finding.
   */
  benign?: boolean;
  /**
   * A doubt about what is done rather than who does it (money to another holder's card, a loan
   * burst, an expired ID): no sign of the borrower answers it, so benign findings leave it whole.
   */
  fact?: boolean;
}
