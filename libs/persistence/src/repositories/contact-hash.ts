import { createHash } from 'node:crypto';

/**
 * The digest `account_contact.value_hash` holds (see the ConsoleFind migration's
 * `sentinel_contact_hash`): SHA-256 of an email trimmed and lower-cased, or of a phone as stored
 * (E.164). Lets the console find a contact without ever matching its plaintext.
 */
export function contactHash(kind: 'phone' | 'email', value: string): string {
  const normal = kind === 'email' ? value.trim().toLowerCase() : value.trim();
  return createHash('sha256').update(normal, 'utf8').digest('hex');
}
