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

/** What a loan is measured against: the borrower's own loans before the window that ends with it. */
export interface LoanHabit {
  /** Loans opened before the window. */
  history: number;
  /** What they add up to within a window ending at each of them, the median: the usual window's borrowing, in minor units. */
  usualMinor: number;
  /** This loan plus the others opened within the window before it: splitting a cash-out into several loans does not hide it. */
  dayTotalMinor: number;
  /** How many loans that total counts, this one included. */
  windowLoans: number;
  /** dayTotalMinor / usualMinor, to one decimal. */
  ratio: number;
}

export interface HabitWindow {
  /** How far back from the loan its window reaches; a day unless said otherwise. */
  windowMs?: number;
  /** Count only cash loans: purchases at a merchant or through a partner's checkout are left out of both sides. */
  cashOnly?: boolean;
}

/**
 * The loan against the borrower's habit, or null with fewer than `minHistory` earlier loans to judge
 * by. Loans of the window count with it, not in the habit: otherwise a second loan an hour
 * after the first would be measured against it.
 */
export function loanHabit(state: AccountState, event: LoanOpened, minHistory: number, { windowMs = DAY_MS, cashOnly = false }: HabitWindow = {}): LoanHabit | null {
  const at = ms(event.occurredAt);
  const others = state.loans.filter((l) => l.loanId !== event.payload.loanId && ms(l.at) <= at && !(cashOnly && l.merchant));
  const earlier = others.filter((l) => at - ms(l.at) > windowMs);
  if (earlier.length < Math.max(1, minHistory)) return null;
  // What the borrower usually borrows within such a window: a stallholder who takes three loans
  // every month end has a month end's worth as the habit, not one loan's.
  const usualMinor = median(earlier.map((e) => earlier.filter((l) => ms(l.at) <= ms(e.at) && ms(e.at) - ms(l.at) < windowMs).reduce((sum, l) => sum + l.amountMinor, 0)));
  const inWindow = others.filter((l) => at - ms(l.at) <= windowMs);
  const dayTotalMinor = event.payload.amountMinor + inWindow.reduce((sum, l) => sum + l.amountMinor, 0);
  return { history: earlier.length, usualMinor, dayTotalMinor, windowLoans: inWindow.length + 1, ratio: Math.round((dayTotalMinor / usualMinor) * 10) / 10 };
}

export const minorText = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;
