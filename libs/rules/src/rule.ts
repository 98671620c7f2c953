import type { AccountEvent, LocalizedText } from '@sentinel/contracts';
import type { AccountState } from './account-state';
import type { Clock } from './clock';
import type { Evidence, Severity } from './rule-hit';

export interface RuleFinding {
  evidence: Evidence;
  explanation: LocalizedText;
}

/**
 * A detection rule: a pure function of the account's state before the event, the event and the
 * clock. It does no I/O and throws nothing; `null` means the rule has nothing to say.
 */
export interface Rule<P extends Record<string, number> = Record<string, number>> {
  id: string;
  description: string;
  defaults: { severity: Severity; score: number; params: P };
  evaluate(state: AccountState, event: AccountEvent, clock: Clock, params: P): RuleFinding | null;
}
