import { createHash, timingSafeEqual } from 'node:crypto';
import { csv } from './config';

export interface NamedKey {
  name: string;
  key: string;
}

const NAMED_KEY = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9._~+/=-]{24,256})$/;

/** A `name:key,name:key` variable: the name is who called, recorded in logs and the audit trail. */
export const namedKeys = (description: string) =>
  csv(description)
    .refine((pairs) => pairs.every((pair) => NAMED_KEY.test(pair)), 'each entry must be name:key with a key of at least 24 characters from [A-Za-z0-9._~+/=-]')
    .transform((pairs): NamedKey[] =>
      pairs.map((pair) => {
        const [, name, key] = NAMED_KEY.exec(pair)!;
        return { name, key };
      }),
    )
    .describe(description);

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Finds whose key was presented, comparing against every key so timing reveals nothing. */
export class NamedKeyVerifier {
  private readonly digests: { name: string; digest: Buffer }[];

  constructor(keys: NamedKey[]) {
    this.digests = keys.map((k) => ({ name: k.name, digest: digest(k.key) }));
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  verify(given: string): string | undefined {
    const candidate = digest(given);
    let match: string | undefined;
    for (const key of this.digests) if (timingSafeEqual(key.digest, candidate)) match = key.name;
    return match;
  }
}

/** The key a request presents: `x-api-key: <key>` or `Authorization: Bearer <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string') return header;
  const authorization = headers.authorization;
  return typeof authorization === 'string' ? /^Bearer (.+)$/.exec(authorization)?.[1] : undefined;
}
