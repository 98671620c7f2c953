import type { AccountState, Trace } from './account-state';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const ms = (iso: string): number => Date.parse(iso);

/** Hours between two instants, rounded to one decimal, for explanations. */
export const hoursBetween = (from: string, to: string): number => Math.round(((ms(to) - ms(from)) / HOUR_MS) * 10) / 10;

/** Traces of other events whose time falls in [from, to]. */
export function tracesBetween(state: AccountState, selfId: string, from: number, to: number, match: (t: Trace) => boolean = () => true): Trace[] {
  // `recent` is in event-time order: find the first at or after `from`, then walk up to `to`.
  const recent = state.recent;
  const fromIso = new Date(from).toISOString();
  const toIso = new Date(to).toISOString();
  let lo = 0;
  let hi = recent.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (earlierThan(recent[mid].at, from, fromIso)) lo = mid + 1;
    else hi = mid;
  }
  const found: Trace[] = [];
  for (let i = lo; i < recent.length && !laterThan(recent[i].at, to, toIso); i++) {
    if (recent[i].id !== selfId && match(recent[i])) found.push(recent[i]);
  }
  return found;
}

// Times as the detector records them (Date#toISOString: UTC, milliseconds, 24 characters)
// compare as strings, far cheaper than parsing each; any other spelling is parsed.
const CANONICAL = 24;
const earlierThan = (at: string, limit: number, limitIso: string): boolean => (at.length === CANONICAL ? at < limitIso : ms(at) < limit);
const laterThan = (at: string, limit: number, limitIso: string): boolean => (at.length === CANONICAL ? at > limitIso : ms(at) > limit);

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Whole days from one calendar date to another. */
export const daysBetweenDates = (from: string, to: string): number => Math.round((ms(`${to}T00:00:00Z`) - ms(`${from}T00:00:00Z`)) / DAY_MS);
