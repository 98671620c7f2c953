import type { AccountState, Trace } from './account-state';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const ms = (iso: string): number => Date.parse(iso);

/** Hours between two instants, rounded to one decimal, for explanations. */
export const hoursBetween = (from: string, to: string): number => Math.round((ms(to) - ms(from)) / HOUR_MS * 10) / 10;

/** Traces of other events whose time falls in [from, to]. */
export function tracesBetween(
  state: AccountState,
  selfId: string,
  from: number,
  to: number,
  match: (t: Trace) => boolean = () => true,
): Trace[] {
  return state.recent.filter((t) => t.id !== selfId && ms(t.at) >= from && ms(t.at) <= to && match(t));
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Whole days from one calendar date to another. */
export const daysBetweenDates = (from: string, to: string): number => Math.round((ms(`${to}T00:00:00Z`) - ms(`${from}T00:00:00Z`)) / DAY_MS);
