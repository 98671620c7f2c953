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

/**
 * Masks phone numbers, card or ID numbers and email addresses inside free text, such as a
 * provider's error message ("The 'To' number +8613800138000 is not valid"), before it is logged
 * or stored.
 */
export function scrubPii(text: string): string {
  return text
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (email) => maskEmail(email))
    .replace(/\b\d{4}(?:[ -]\d{3,4}){2,}\b|\+?\d{7,}[Xx]?/g, (digits) => {
      const plain = digits.replace(/[ -]/g, '');
      return `${plain.slice(0, Math.min(3, plain.length - 4))}****${plain.slice(-4)}`;
    });
}
