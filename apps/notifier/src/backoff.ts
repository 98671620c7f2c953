/**
 * Exponential backoff with full jitter around the midpoint: attempt 1 waits about `baseMs`, each
 * next attempt about twice as long, never more than `maxMs`. The jitter spreads retries so that a
 * recovering SMTP server or Twilio is not hit by every delayed message at the same instant.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(maxMs, exponential * (0.5 + random())));
}
