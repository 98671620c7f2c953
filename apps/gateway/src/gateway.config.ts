import { coreConfig, coreEnv, csv, loadEnv, type CoreConfig } from '@sentinel/platform';
import { z } from 'zod';

const API_KEY = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9._~+/=-]{24,256})$/;

const env = {
  ...coreEnv(3001),
  INGEST_API_KEYS: csv('comma-separated name:key pairs, each key at least 24 characters, e.g. core-banking:3f9c...').refine(
    (pairs) => pairs.every((pair) => API_KEY.test(pair)),
    'each entry must be name:key with a key of at least 24 characters from [A-Za-z0-9._~+/=-]',
  ),
  INGEST_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(500).describe('most events accepted in one request'),
  INGEST_BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('1mb')
    .describe('largest request body, such as 512kb or 1mb'),
};

export interface ApiKey {
  name: string;
  key: string;
}

export interface GatewayConfig {
  core: CoreConfig;
  apiKeys: ApiKey[];
  maxBatch: number;
  bodyLimit: string;
}

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = loadEnv(env, source);
  return {
    core: coreConfig('gateway', e),
    apiKeys: e.INGEST_API_KEYS.map((pair) => {
      const [, name, key] = API_KEY.exec(pair)!;
      return { name, key };
    }),
    maxBatch: e.INGEST_MAX_BATCH,
    bodyLimit: e.INGEST_BODY_LIMIT,
  };
}
