import { csv } from '@sentinel/service-kit';

const INGEST_SCOPES = ['events:write', 'answers:write'] as const;
export type IngestScope = (typeof INGEST_SCOPES)[number];

export interface IngestKey {
  name: string;
  key: string;
  scopes: IngestScope[];
}

const SCOPE = `(?:${INGEST_SCOPES.join('|')})`;
// name:key, optionally :scope+scope. A key cannot hold ':', so the scopes start after the second one.
const INGEST_KEY = new RegExp(`^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9._~+/=-]{24,256})(?::(${SCOPE}(?:\\+${SCOPE})*))?$`);

/** The keys shipped as examples in .env.example and docker/compose.yml: anyone can read them. */
const PLACEHOLDER = /replace-with|change-me|changeme|example|placeholder/i;

/**
 * `INGEST_API_KEYS`: `name:key[:scope+scope]`, comma-separated. A key without scopes may only send
 * events; relaying borrowers' answers needs `answers:write`, given to the platform app's backend alone.
 */
export const ingestKeys = (description: string) =>
  csv(description)
    .refine(
      (entries) => entries.every((entry) => INGEST_KEY.test(entry)),
      `each entry must be name:key or name:key:scopes, with a key of at least 24 characters from [A-Za-z0-9._~+/=-] and scopes from ${INGEST_SCOPES.join(', ')} joined by +`,
    )
    .refine(
      (entries) => entries.every((entry) => !PLACEHOLDER.test(INGEST_KEY.exec(entry)?.[2] ?? '')),
      'holds a placeholder key (a sample such as replace-with-… or change-me…); generate a real one, e.g. with `openssl rand -base64 32`, and set it as name:key',
    )
    .transform((entries): IngestKey[] =>
      entries.map((entry) => {
        const [, name, key, scopes] = INGEST_KEY.exec(entry)!;
        return { name, key, scopes: scopes ? [...new Set(scopes.split('+') as IngestScope[])] : ['events:write'] };
      }),
    )
    .describe(description);
