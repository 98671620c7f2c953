import { csrfMatches, csrfTokenFor, newSessionToken, tokenHash } from './session.cookie';

describe('session cookie and CSRF token', () => {
  it('given a session, when its own CSRF token comes back, then it matches; another session’s does not', () => {
    const mine = newSessionToken();
    const theirs = newSessionToken();
    expect(mine).toMatch(/^[\w-]{43}$/);
    expect(csrfMatches(mine, csrfTokenFor(mine))).toBe(true);
    expect(csrfMatches(mine, csrfTokenFor(theirs))).toBe(false);
    expect(csrfMatches(mine, undefined)).toBe(false);
    expect(csrfMatches(mine, ['a', 'b'])).toBe(false);
  });

  it('stores only a hash of the token, and the CSRF token does not reveal the session token', () => {
    const token = newSessionToken();
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(token)).not.toContain(token);
    expect(csrfTokenFor(token)).not.toContain(token);
  });
});
