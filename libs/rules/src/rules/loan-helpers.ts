import type { EventOf } from '@sentinel/contracts';

export type LoanOpened = EventOf<'loan.opened'>;

export function amountText(event: LoanOpened): string {
  return `${(event.payload.amountMinor / 100).toFixed(2)} ${event.payload.currency}`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
