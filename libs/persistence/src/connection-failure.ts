// node-postgres' own words for a connection that failed or broke without a socket error code.
const DRIVER_CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|encountered a connection error|Client was closed/i;

/**
 * True when an error says Postgres could not be reached or dropped the connection, rather than
 * that it answered and refused the statement: the first passes, the second will not.
 * Server answers carry a five-character SQLSTATE; of those, only connection exceptions (08),
 * resource shortages (53), operator intervention such as a restart (57) and system errors (58)
 * are about the server rather than the statement.
 */
export function isConnectionFailure(error: unknown): boolean {
  // Read by shape, not `instanceof Error`: a socket's error built in another realm (Node's own, seen
  // from a vm context such as jest's) fails that test, and a lost connection was taken for a refusal.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return /^(08|53|57|58)/.test(code);
  return typeof message === 'string' && DRIVER_CONNECTION_MESSAGES.test(message);
}

// Another instance numbered the same account's event first (both owned its partition during a
// rebalance): the retry reloads the account and numbers after it.
const CONCURRENT_OWNER_CONSTRAINTS = new Set(['account_event_replay']);

/**
 * True when running the same statements again later may well succeed: Postgres unreachable, a
 * serialization failure or deadlock (class 40), a lock not granted (55P03), or another instance
 * having numbered the account's events first. Anything else is about the data itself, and
 * retrying it would fail the same way for ever.
 */
export function isRetryableFailure(error: unknown): boolean {
  if (isConnectionFailure(error)) return true;
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string') return false;
  if (code.startsWith('40') || code === '55P03') return true;
  return code === '23505' && typeof constraint === 'string' && CONCURRENT_OWNER_CONSTRAINTS.has(constraint);
}
