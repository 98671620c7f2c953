import { randomInt } from 'node:crypto';

// No 0/O, 1/I: borrowers read this code aloud to support.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short code a borrower can quote, on the phone or in the official app, to find their case. */
export function referenceCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
