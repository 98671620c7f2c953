import { LOCALES, type Locale } from '@sentinel/contracts';
import { coreConfig, coreEnv, loadEnv, namedKeys, timeZone, type CoreConfig, type NamedKey } from '@sentinel/platform';
import { z } from 'zod';

const env = {
  ...coreEnv(3004),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('http://127.0.0.1:3004')
    .describe('the URL borrowers and analysts reach the console at; links are built from it, never from a request'),
  PLATFORM_NAME: z.string().min(1).max(40).default('Account Sentinel').describe('lending platform name shown on the verify page'),
  SUPPORT_CONTACT: z
    .string()
    .min(3)
    .max(200)
    .default('Official customer service: see the official app.')
    .describe('how borrowers reach official support, shown on the verify page'),
  TIME_ZONE: timeZone('Asia/Shanghai', 'IANA time zone for times shown to borrowers'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('zh-CN').describe('zh-CN or en, for pages whose reader is not known'),
  REVERIFY_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional()
    .describe("the platform's own re-verification flow (update an ID document, rebind a card); unset: notices say to open the official app"),
  VERIFY_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30).describe('verify-page requests per minute per IP'),
  SUPERVISOR_API_TOKENS: namedKeys('comma-separated name:token pairs allowed to change rule sets; unset: rule sets are read-only').optional(),
};

export interface ConsoleConfig {
  core: CoreConfig;
  publicBaseUrl: string;
  supervisorTokens: NamedKey[];
  platformName: string;
  supportContact: string;
  timeZone: string;
  defaultLocale: Locale;
  verifyRateLimit: number;
  reverifyUrl?: string;
}

export const CONSOLE_CONFIG = Symbol('ConsoleConfig');

export function loadConsoleConfig(source: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const e = loadEnv(env, source);
  return {
    core: coreConfig('console', e),
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    supervisorTokens: e.SUPERVISOR_API_TOKENS ?? [],
    platformName: e.PLATFORM_NAME,
    supportContact: e.SUPPORT_CONTACT,
    timeZone: e.TIME_ZONE,
    defaultLocale: e.DEFAULT_LOCALE,
    verifyRateLimit: e.VERIFY_RATE_LIMIT,
    reverifyUrl: e.REVERIFY_URL,
  };
}
