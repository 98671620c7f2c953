import { LOCALES, type Locale } from '@sentinel/contracts';
import { boolean, coreConfig, coreEnv, loadEnv, stepUpAnswerWait, timeZone, trustedContactHours, type CoreConfig } from '@sentinel/service-kit';
import type { FourEyesPolicy } from '@sentinel/rules';
import { z } from 'zod';

export const consoleEnv = {
  ...coreEnv(3004),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('http://127.0.0.1:3004')
    .describe('the URL borrowers and analysts reach the console at; links are built from it, never from a request'),
  PLATFORM_NAME: z.string().min(1).max(40).default('Account Sentinel').describe('lending platform name shown on the verify page'),
  SUPPORT_CONTACT: z.string().min(3).max(200).optional().describe("how borrowers reach official support, shown on the verify page; unset: a line in the page's own language"),
  TIME_ZONE: timeZone('Asia/Shanghai', 'IANA time zone for times shown to borrowers'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('zh-CN').describe('zh-CN or en, for pages whose reader is not known'),
  REVERIFY_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional()
    .describe("the platform's own re-verification flow (update an ID document, rebind a card); unset: notices say to open the official app"),
  TRUSTED_CONTACT_HOURS: trustedContactHours(
    'hours: a "was me" closes a case only through a contact on file this long before its first flagged event (a takeover changes the contact first); through a newer one it is recorded, unverified; the notifier\'s TRUSTED_CONTACT_HOURS, set to the same value, sends step-ups to such a contact',
  ),
  STEP_UP_ANSWER_WAIT: stepUpAnswerWait(
    "the detector's STEP_UP_ANSWER_WAIT, set to the same value: the Step-ups page counts down to the moment an unanswered step-up goes to analysts",
  ),
  SNOOZE_ANALYST_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(30).describe('longest snooze an analyst may set; a longer one (up to 365 days) needs a supervisor'),
  CASE_SLA_MINUTES: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1 minute')
    .max(30 * 24 * 60, 'must be at most 30 days (43200 minutes)')
    .default(240)
    .describe('how long a case may wait unresolved before the queue marks it over target'),
  SLA_PASS_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1 second')
    .max(3600, 'must be at most 3600 seconds (an hour)')
    .default(60)
    .describe('how often the console escalates cases past CASE_SLA_MINUTES and notifies supervisors; one console instance runs each pass'),
  VERIFY_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30).describe('verify-page requests per minute per IP'),
  ADMIN_USERNAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'must be 2-40 lower-case letters, digits, dots, dashes or underscores')
    .default('admin')
    .describe('the admin account created on first start, when no analyst account exists yet'),
  ADMIN_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters')
    .max(200)
    .optional()
    .describe(
      "the first admin's password, 12+ characters; needed only on first start (the console refuses to start with no accounts and no way to make one). `npm start` generates one on a fresh database and prints it once",
    ),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12)
    .describe('an analyst session ends this long after login'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60)
    .describe('…or after this long without a request'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1000).default(10).describe('login attempts per minute per IP'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5).describe('wrong passwords in a row before an account is locked'),
  BACKTEST_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(30).describe('the longest history a draft backtest from the Rules page may cover'),
  BACKTEST_MAX_EVENTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(100_000)
    .describe('a draft backtest over more stored events than this is refused (use npm run replay for longer history)'),
  BACKTEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000).describe('a draft backtest still running after this long is stopped'),
  EXPORT_MAX_ROWS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(10_000)
    .describe(
      'most cases one CSV export of the queue may hold; filters selecting more are refused (400 EXPORT_TOO_LARGE) so the analyst narrows them: more is a data pull, not a worklist',
    ),
  FOUR_EYES_AMOUNT: z
    .string()
    .regex(/^(off|\d{1,11}(\.\d{1,2})?)$/, 'must be an amount in yuan such as 10000 or 2500.50, or off')
    .default('10000')
    .transform((v) => (v === 'off' ? null : Math.round(Number(v) * 100)))
    .describe(
      'yuan: confirming fraud on a case whose flagged loans add up to more than this waits for a second analyst or supervisor to approve; off: never. On by default, because a wrong confirmation blocks and reports a borrower',
    ),
  FOUR_EYES_RULE_SETS: boolean(true, 'a rule-set change or rollback waits for a second supervisor or admin to approve it before detectors see it; false: it publishes at once'),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15)
    .describe('how long such a lock lasts'),
};

export interface ConsoleConfig {
  core: CoreConfig;
  publicBaseUrl: string;
  admin: { username: string; password?: string };
  sessions: { ttlMs: number; idleMs: number };
  login: { ratePerMinute: number; maxFailures: number; lockMs: number };
  platformName: string;
  supportContact?: string;
  timeZone: string;
  defaultLocale: Locale;
  verifyRateLimit: number;
  reverifyUrl?: string;
  trustedContactAgeMs: number;
  /** A step-up unanswered this long becomes an urgent case (the detector's STEP_UP_ANSWER_WAIT). */
  stepUpAnswerMs: number;
  snoozeAnalystMaxDays: number;
  backtest: { maxDays: number; maxEvents: number; timeoutMs: number };
  caseSlaMinutes: number;
  slaPassIntervalMs: number;
  exportMaxRows: number;
  /** What waits for a second person's approval (FOUR_EYES_AMOUNT in fen, FOUR_EYES_RULE_SETS). */
  fourEyes: FourEyesPolicy;
}

export const CONSOLE_CONFIG = Symbol('ConsoleConfig');

export function loadConsoleConfig(source: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const e = loadEnv(consoleEnv, source);
  return {
    core: coreConfig('console', e),
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    admin: { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD },
    sessions: { ttlMs: e.SESSION_TTL_HOURS * 3_600_000, idleMs: e.SESSION_IDLE_MINUTES * 60_000 },
    login: { ratePerMinute: e.LOGIN_RATE_LIMIT, maxFailures: e.LOGIN_MAX_FAILURES, lockMs: e.LOGIN_LOCK_MINUTES * 60_000 },
    platformName: e.PLATFORM_NAME,
    supportContact: e.SUPPORT_CONTACT,
    timeZone: e.TIME_ZONE,
    defaultLocale: e.DEFAULT_LOCALE,
    verifyRateLimit: e.VERIFY_RATE_LIMIT,
    reverifyUrl: e.REVERIFY_URL,
    trustedContactAgeMs: e.TRUSTED_CONTACT_HOURS * 3_600_000,
    stepUpAnswerMs: e.STEP_UP_ANSWER_WAIT,
    snoozeAnalystMaxDays: e.SNOOZE_ANALYST_MAX_DAYS,
    backtest: { maxDays: e.BACKTEST_MAX_DAYS, maxEvents: e.BACKTEST_MAX_EVENTS, timeoutMs: e.BACKTEST_TIMEOUT_MS },
    caseSlaMinutes: e.CASE_SLA_MINUTES,
    slaPassIntervalMs: e.SLA_PASS_INTERVAL_SECONDS * 1000,
    exportMaxRows: e.EXPORT_MAX_ROWS,
    fourEyes: { resolutionAboveMinor: e.FOUR_EYES_AMOUNT, ruleSets: e.FOUR_EYES_RULE_SETS },
  };
}
