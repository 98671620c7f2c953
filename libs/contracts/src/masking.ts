// Masking rules for everything a person or a log can see: PCI DSS for cards (at most first 6 and
// last 4), PIPL art. 28 for ID numbers, phone numbers and email addresses.

export function maskCard(card: { first6?: string; last4: string }): string {
  return card.first6 ? `${card.first6}******${card.last4}` : `**** ${card.last4}`;
}

export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  return `${local[0]}***@${email.slice(at + 1)}`;
}

export function maskIdNumberTail(last4: string | undefined): string {
  return last4 ? `**************${last4}` : '******************';
}

export function maskContact(kind: 'phone' | 'email', value: string): string {
  return kind === 'phone' ? maskPhone(value) : maskEmail(value);
}

/** Paths pino redacts in every service, so a careless log line cannot leak a contact or a secret. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.csrfToken',
  '*.sessionToken',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.authToken',
  '*.holderName',
  '*.value',
  '*.phone',
  '*.email',
  '*.to',
];

// A digit run, allowing up to two separators (space, dot, dash, brackets) between digits, as
// people write phone, card and ID numbers: `+86 139 1234 5678`, `(010) 6552-1234`, `6222 0202 …`.
const DIGIT_RUN = /\+?\d(?:[ .()-]{0,2}\d){6,}[Xx]?/g;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The Luhn check every payment card number passes. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function maskDigitRun(run: string): string {
  const plain = run.replace(/[^\dXx]/g, '');
  const separated = /[ .()-]/.test(run);
  // Dates (2026-11-20), IPv4 addresses and short codes written with separators are not contacts.
  if (IPV4.test(run) || (separated && !run.startsWith('+') && plain.length <= 8)) return run;
  // A card number keeps no more than its last four; phones and ID numbers their first three as well.
  if (plain.length >= 13 && plain.length <= 19 && /^\d+$/.test(plain) && isLuhnValid(plain)) return `****${plain.slice(-4)}`;
  const head = run.startsWith('+') ? `+${plain.slice(0, 2)}` : plain.slice(0, Math.min(3, plain.length - 4));
  return `${head}****${plain.slice(-4)}`;
}

/**
 * Masks phone numbers (in any spacing), card or ID numbers and email addresses inside free text,
 * such as a provider's error message ("The 'To' number +8613800138000 is not valid"), an analyst's
 * note or an unbind reason, before it is logged, stored or shown.
 */
export function scrubPii(text: string): string {
  return text.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (email) => maskEmail(email)).replace(DIGIT_RUN, maskDigitRun);
}

// An answer link's token is a bearer secret: whoever reads it can answer for the borrower.
const ANSWER_LINK_TOKEN = /\/verify\/[A-Za-z0-9_-]{20,}/g;

/** Cuts the secret out of every answer link in a message kept for people to read. */
export function redactAnswerLinks(text: string): string {
  return text.replace(ANSWER_LINK_TOKEN, '/verify/[redacted]');
}
