import { scrubPii } from '@sentinel/contracts';
import { z } from 'zod';

/**
 * What an analyst types (a reason, a note, a name): trimmed, bounded, and masked (cards, phones, ID
 * numbers, emails) as it is parsed, so no table, audit entry, log line or answer ever holds it in full.
 */
export function freeText(min: { length: number; message?: string }, max: { length: number; message?: string }) {
  const trimmed = z.string().trim();
  return (min.length > 0 ? trimmed.min(min.length, min.message) : trimmed).max(max.length, max.message).overwrite(scrubPii);
}
