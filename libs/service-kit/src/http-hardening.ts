import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** The response headers every request gets, and those only a request that came over TLS gets. */
export interface SecurityHeaders {
  always: [string, string][];
  overTls: [string, string][];
}

/**
 * Headers for every response: a strict CSP (no framing, scripts and styles from this origin only),
 * nosniff, no referrer beyond the origin, and `Cache-Control: no-store` unless a static file sets
 * its own: API answers carry PII. HSTS only on requests that came over TLS, which behind a proxy
 * needs TRUST_PROXY to be believed. The same on Express and on Fastify, which each set them.
 */
export function securityHeaders(formActions: string[]): SecurityHeaders {
  const always = headersSetBy(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'", ...formActions],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  always.push(['Cache-Control', 'no-store']);
  const overTls = headersSetBy(helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true }));
  return { always, overTls };
}

/**
 * The headers a helmet middleware sets, which depend on nothing in the request: worked out once
 * at startup and set in one pass per request, instead of running a dozen middlewares each time.
 */
function headersSetBy(middleware: (req: Request, res: Response, next: NextFunction) => void): [string, string][] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  let called = false;
  middleware({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('a helmet middleware failed');
    called = true;
  });
  if (!called) throw new Error('a helmet middleware did not finish synchronously');
  return [...headers];
}

/**
 * A `__proto__` key in a JSON body becomes the prototype of whatever object a validator builds
 * from it, where no check of the object's own keys sees it: refused right after parsing, a 400
 * with this body. An iterative walk, not a JSON.parse reviver: the reviver recurses, and a body
 * nested a few thousand deep (which the contract then refuses with a reason) overflowed the stack.
 */
export function protoKeyRefusal(body: unknown): { statusCode: 400; error: 'INVALID_BODY'; message: string } | undefined {
  const stack: unknown[] = [body];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) {
      return { statusCode: 400, error: 'INVALID_BODY', message: '"__proto__" is not allowed as a key' };
    }
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return undefined;
}
