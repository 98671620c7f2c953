import { maskEmail, maskPhone } from '@sentinel/contracts';

/** The shortest account-id prefix searched: shorter ones match half the book. */
const MIN_PREFIX = 4;

// The detector's reference codes: eight letters and digits without 0/O, 1/I (see reference-code.ts).
const REFERENCE = /^[A-HJ-NP-Z2-9]{8}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_CHARACTERS = /^[\d\s().+-]+$/;
// Account ids are producers' opaque ids: letters, digits and a few separators.
const ACCOUNT = /^[A-Za-z0-9._:-]+$/;

/** What one search looks for; several at once when a term could be either (digits: a phone or an account). */
export interface SearchTerm {
  referenceCode?: string;
  phone?: string;
  email?: string;
  accountPrefix?: string;
  /** The term as the audit trail and logs may show it: a contact masked. */
  shown: string;
  kinds: ('reference' | 'phone' | 'email' | 'account')[];
}

export class SearchTermError extends Error {}

/**
 * A phone as borrowers and support staff write it (`138 0013 8000`, `+86 138-0013-8000`,
 * `0086…`), in the E.164 form contacts are stored in; mainland numbers may leave out +86.
 */
export function normalisePhone(raw: string): string | undefined {
  if (!PHONE_CHARACTERS.test(raw)) return undefined;
  let digits = raw.replace(/[^\d+]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (/^1[3-9]\d{9}$/.test(digits)) digits = `+86${digits}`;
  else if (/^86 ?1[3-9]\d{9}$/.test(digits)) digits = `+${digits}`;
  return /^\+[1-9]\d{6,14}$/.test(digits) ? digits : undefined;
}

/** Reads a search box's term; throws SearchTermError, saying why, for one too short or unreadable. */
export function parseSearchTerm(raw: string): SearchTerm {
  const term = raw.trim();
  if (term.length === 0) throw new SearchTermError('enter a reference code, an account id, a phone number or an email');
  if (term.includes('@')) {
    if (!EMAIL.test(term)) throw new SearchTermError('that is not a whole email address; search an email in full');
    const email = term.toLowerCase();
    return { email, shown: maskEmail(email), kinds: ['email'] };
  }
  const found: Omit<SearchTerm, 'shown'> = { kinds: [] };
  // Codes are read aloud and typed back with spaces or dashes, in either case.
  const code = term.replace(/[\s-]/g, '').toUpperCase();
  if (REFERENCE.test(code)) {
    found.referenceCode = code;
    found.kinds.push('reference');
  }
  const phone = normalisePhone(term);
  if (phone) {
    found.phone = phone;
    found.kinds.push('phone');
  }
  if (ACCOUNT.test(term) && term.length >= MIN_PREFIX) {
    found.accountPrefix = term;
    found.kinds.push('account');
  }
  if (found.kinds.length === 0) {
    if (PHONE_CHARACTERS.test(term)) throw new SearchTermError('a phone number needs at least 7 digits, with its country code or as an 11-digit mainland mobile');
    if (ACCOUNT.test(term)) throw new SearchTermError(`an account id prefix needs at least ${MIN_PREFIX} characters`);
    throw new SearchTermError('search a reference code, an account id, a phone number or an email');
  }
  return { ...found, shown: phone ? maskPhone(phone) : found.accountPrefix ? term : (found.referenceCode ?? term) };
}
