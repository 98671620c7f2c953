import { type EventOf, partnerOf } from '@sentinel/contracts';
import type { AccountState } from '../account-state';
import { DAY_MS, ms } from '../time';

export type LoanOpened = EventOf<'loan.opened'>;

export const minorText = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

export const amountText = (event: LoanOpened): string => minorText(event.payload.amountMinor, event.payload.currency);

/**
 * A purchase at a merchant or through a partner's checkout rather than a cash loan: it delivers
 * goods to the buyer, and is judged by its consent, its device and the merchant roll-up. The same
 * test `AccountState.loans` keeps as `merchant`.
 */
export const isPurchase = (event: LoanOpened): boolean => !!(event.payload.merchantId ?? partnerOf(event.channel));

function median(values: number[]): number {
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
  // Each time parsed once and the loans put in time order: this runs for every loan event, on up
  // to STATE_LIMITS.loans loans, so the windows below are walked, not searched.
  const others = state.loans
    .filter((l) => l.loanId !== event.payload.loanId && !(cashOnly && l.merchant))
    .map((l) => ({ t: ms(l.at), amount: l.amountMinor }))
    .filter((l) => l.t <= at)
    .sort((a, b) => a.t - b.t);
  const firstInWindow = others.findIndex((l) => at - l.t <= windowMs);
  const earlier = firstInWindow < 0 ? others : others.slice(0, firstInWindow);
  if (earlier.length < Math.max(1, minHistory)) return null;
  const inWindow = firstInWindow < 0 ? [] : others.slice(firstInWindow);
  // What the borrower usually borrows within such a window: a stallholder who takes three loans
  // every month end has a month end's worth as the habit, not one loan's.
  const usualMinor = median(windowTotals(earlier, windowMs));
  const dayTotalMinor = event.payload.amountMinor + inWindow.reduce((sum, l) => sum + l.amount, 0);
  return { history: earlier.length, usualMinor, dayTotalMinor, windowLoans: inWindow.length + 1, ratio: Math.round((dayTotalMinor / usualMinor) * 10) / 10 };
}

/** For each loan, in time order, the total of the loans within `windowMs` up to its time (ties included). */
function windowTotals(loans: readonly { t: number; amount: number }[], windowMs: number): number[] {
  const totals: number[] = [];
  let start = 0;
  let end = 0;
  let sum = 0;
  for (const loan of loans) {
    for (; end < loans.length && loans[end].t <= loan.t; end++) sum += loans[end].amount;
    for (; loan.t - loans[start].t >= windowMs; start++) sum -= loans[start].amount;
    totals.push(sum);
  }
  return totals;
}
