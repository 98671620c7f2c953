import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'sentinel_session';
export const CSRF_HEADER = 'x-csrf-token';

export const newSessionToken = () => randomBytes(32).toString('base64url');

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The CSRF token is derived from the session token, which the page cannot read (HttpOnly): only a
 * page that asked the API for it, same-origin, can send it back in the header.
 */
export const csrfTokenFor = (sessionToken: string) => createHmac('sha256', sessionToken).update('csrf').digest('base64url');

export function csrfMatches(sessionToken: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length > 100) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function sessionCookieOptions(maxAgeMs: number): CookieOptions {
  // Secure even on http://localhost, which browsers treat as a secure context.
  return { httpOnly: true, secure: true, sameSite: 'strict', path: '/', maxAge: maxAgeMs };
}
