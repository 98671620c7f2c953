import { coreConfig, coreEnv, loadEnv, namedKeys, type CoreConfig, type NamedKey } from '@sentinel/platform';
import { z } from 'zod';

const env = {
  ...coreEnv(3004),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('http://127.0.0.1:3004')
    .describe('the URL borrowers and analysts reach the console at; links are built from it, never from a request'),
  SUPERVISOR_API_TOKENS: namedKeys('comma-separated name:token pairs allowed to change rule sets; unset: rule sets are read-only').optional(),
};

export interface ConsoleConfig {
  core: CoreConfig;
  publicBaseUrl: string;
  supervisorTokens: NamedKey[];
}

export const CONSOLE_CONFIG = Symbol('ConsoleConfig');

export function loadConsoleConfig(source: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const e = loadEnv(env, source);
  return {
    core: coreConfig('console', e),
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    supervisorTokens: e.SUPERVISOR_API_TOKENS ?? [],
  };
}
