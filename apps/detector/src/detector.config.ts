import { coreConfig, coreEnv, loadEnv, type CoreConfig } from '@sentinel/platform';
import { z } from 'zod';

const env = {
  ...coreEnv(3002),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000).describe('milliseconds between outbox relay passes'),
};

export interface DetectorConfig {
  core: CoreConfig;
  outboxPollMs: number;
}

export function loadDetectorConfig(source: NodeJS.ProcessEnv = process.env): DetectorConfig {
  const e = loadEnv(env, source);
  return { core: coreConfig('detector', e), outboxPollMs: e.OUTBOX_POLL_MS };
}
