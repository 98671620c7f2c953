import type { EventOf } from '@sentinel/contracts';
import type { AccountState } from '../account-state';
import { DAY_MS, ms } from '../time';

export type LoanOpened = EventOf<'loan.opened'>;

export function amountText(event: LoanOpened): string {
  return `${(event.payload.amountMinor / 100).toFixed(2)} ${event.payload.currency}`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What a loan is measured against: the borrower's own loans before the day of it. */
export interface LoanHabit {
  /** Loans opened more than a day before this one. */
  history: number;
  /** Their median amount, in minor units. */
  usualMinor: number;
  /** This loan plus the others opened within the day before it: splitting a cash-out into several loans does not hide it. */
  dayTotalMinor: number;
  /** dayTotalMinor / usualMinor, to one decimal. */
  ratio: number;
}

/**
 * The loan against the borrower's habit, or null with fewer than `minHistory` earlier loans to judge
 * by. Loans of the same day count with it, not in the habit: otherwise a second loan an hour
 * after the first would be measured against it.
 */
export function loanHabit(state: AccountState, event: LoanOpened, minHistory: number): LoanHabit | null {
  const at = ms(event.occurredAt);
  const others = state.loans.filter((l) => l.loanId !== event.payload.loanId && ms(l.at) <= at);
  const earlier = others.filter((l) => at - ms(l.at) > DAY_MS).map((l) => l.amountMinor);
  if (earlier.length < Math.max(1, minHistory)) return null;
  const usualMinor = median(earlier);
  const dayTotalMinor = event.payload.amountMinor + others.filter((l) => at - ms(l.at) <= DAY_MS).reduce((sum, l) => sum + l.amountMinor, 0);
  return { history: earlier.length, usualMinor, dayTotalMinor, ratio: Math.round((dayTotalMinor / usualMinor) * 10) / 10 };
}

export const minorText = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;
