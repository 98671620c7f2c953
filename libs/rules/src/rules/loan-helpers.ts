import type { EventOf } from '@sentinel/contracts';

export type LoanOpened = EventOf<'loan.opened'>;

export function amountText(event: LoanOpened): string {
  return `${(event.payload.amountMinor / 100).toFixed(2)} ${event.payload.currency}`;
}
