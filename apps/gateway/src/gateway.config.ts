import { coreConfig, coreEnv, loadEnv, type CoreConfig } from '@sentinel/service-kit';
import { z } from 'zod';
import { type IngestKey, ingestKeys } from './ingest-keys';

export const gatewayEnv = {
  ...coreEnv(3001),
  INGEST_API_KEYS: ingestKeys(
    "comma-separated name:key[:scopes] entries, each key at least 24 characters, scopes events:write (the default) and answers:write joined by +, e.g. core-banking:3f9c...,app:7d1e...:answers:write. events:write sends events; answers:write relays borrowers' answers (POST /v1/answers; give it to the platform app's backend alone). Generate keys with `openssl rand -base64 32`; placeholders are refused. `npm start` generates an events:write key for the demo when unset and prints it",
  ),
  GATEWAY_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('http://127.0.0.1:3001')
    .describe('the URL the lending platform reaches the gateway at; the OpenAPI document at /docs names it as the server'),
  INGEST_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(500).describe('most events accepted in one request'),
  INGEST_BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('1mb')
    .describe('largest request body, such as 512kb or 1mb'),
  INGEST_LINGER_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(50)
    .default(2)
    .describe(
      'milliseconds a request waits for concurrent ones to share its Kafka produce (acks from all in-sync replicas); each is answered only once the broker acknowledged its events',
    ),
};

export interface GatewayConfig {
  core: CoreConfig;
  /** GATEWAY_PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  apiKeys: IngestKey[];
  maxBatch: number;
  bodyLimit: string;
  lingerMs: number;
}

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = loadEnv(gatewayEnv, source);
  return {
    core: coreConfig('gateway', e),
    publicUrl: e.GATEWAY_PUBLIC_URL.replace(/\/$/, ''),
    apiKeys: e.INGEST_API_KEYS,
    maxBatch: e.INGEST_MAX_BATCH,
    bodyLimit: e.INGEST_BODY_LIMIT,
    lingerMs: e.INGEST_LINGER_MS,
  };
}
