import { coreConfig, coreEnv, loadEnv, type CoreConfig } from '@sentinel/platform';
import { z } from 'zod';

const env = {
  ...coreEnv(3004),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('http://127.0.0.1:3004')
    .describe('the URL borrowers and analysts reach the console at; links are built from it, never from a request'),
};

export interface ConsoleConfig {
  core: CoreConfig;
  publicBaseUrl: string;
}

export function loadConsoleConfig(source: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const e = loadEnv(env, source);
  return { core: coreConfig('console', e), publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, '') };
}
