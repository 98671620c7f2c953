import { createHash, timingSafeEqual } from 'node:crypto';

export interface NamedKey {
  name: string;
  key: string;
}

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
