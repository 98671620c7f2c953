const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Minutes since local midnight, and seconds into the minute, in a time zone. */
function localClock(now: Date, timeZone: string): { minutes: number; seconds: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: get('hour') * 60 + get('minute'), seconds: get('second') };
}

/**
 * How long to hold a notice so that it arrives after the borrower's quiet hours, or undefined when
 * it may go now. The window may cross midnight (22:00–08:00). Fraud alerts never ask.
 */
export function quietHoldMs(now: Date, quiet: { start: string; end: string } | undefined, timeZone: string): number | undefined {
  if (!quiet) return undefined;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return undefined;
  const { minutes, seconds } = localClock(now, timeZone);
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return undefined;
  const untilEnd = (end - minutes + 24 * 60) % (24 * 60);
  return (untilEnd * 60 - seconds) * 1000;
}
