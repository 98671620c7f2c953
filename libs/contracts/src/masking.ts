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
function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** A PRC resident ID: 18 characters (the last may be X) or the older 15 digits, around a date of birth. */
function isIdNumber(plain: string): boolean {
  const birth = /^\d{17}[\dXx]$/.test(plain) ? plain.slice(6, 14) : /^\d{15}$/.test(plain) ? `19${plain.slice(6, 12)}` : undefined;
  if (!birth) return false;
  const [year, month, day] = [Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8))];
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

function maskDigitRun(run: string): string {
  const plain = run.replace(/[^\dXx]/g, '');
  const separated = /[ .()-]/.test(run);
  // Dates (2026-11-20), IPv4 addresses and short codes written with separators are not contacts.
  if (IPV4.test(run) || (separated && !run.startsWith('+') && plain.length <= 8)) return run;
  const digits = plain.replace(/[Xx]$/, '');
  // A card number keeps no more than its last four; phones and ID numbers their first three as well.
  if (digits === plain && plain.length >= 13 && plain.length <= 19 && isLuhnValid(plain)) return `****${plain.slice(-4)}`;
  if (run.startsWith('+')) return `+${plain.slice(0, 2)}****${plain.slice(-4)}`;
  // A phone number has at most 12 digits (a trunk prefix, an area code and eight digits); anything
  // longer that is neither a Luhn-valid card nor an ID number is a reference, an order or a
  // transaction number, which analysts need to read.
  if (isIdNumber(plain) || (digits === plain && plain.length <= 12)) return `${plain.slice(0, 3)}****${plain.slice(-4)}`;
  return run;
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
