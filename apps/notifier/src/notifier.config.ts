import { LOCALES, type Locale } from '@sentinel/contracts';
import { boolean, ConfigError, coreConfig, coreEnv, loadEnv, timeZone, trustedContactHours, type CoreConfig } from '@sentinel/service-kit';
import { z } from 'zod';

export const notifierEnv = {
  // Its work is mail and SMS, which a replay could send twice where a delivery was not yet
  // recorded: it commits after every batch, keeping what a crash replays as small as it can be.
  // Its pool is wider than the others': partitions' batches, answer links and dry-run SMS share it
  // (measured: 30 connections, 32 SMTP connections and 64 SMS at once drained 1.6–2× faster than 10, 16 and 16).
  ...coreEnv(3003, { commitIntervalMs: 0, poolSize: 30 }),
  // Required: a notifier with nowhere to send would retry every alert to exhaustion. `npm start`
  // points it at the dev mail catcher it runs; compose at Mailpit.
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
    .describe('smtp://user:pass@host:port or smtps://… of the server alert mail is sent through; `npm start` sets it to its mail catcher when unset'),
  // Each message takes four round trips (MAIL, RCPT, DATA, the message) on its connection, so a
  // busy machine's scheduling delays bound each connection's rate: measured on 2 shared cores, 64
  // connections drained 1.2–1.6× faster than 32. A relay that takes fewer from one client (Postfix: 50
  // outside its own networks) is given its limit here.
  SMTP_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(128)
    // Under Postfix's 50 connections per client, which a relay outside its own networks enforces.
    .default(32)
    .describe("SMTP connections kept open to the mail server, each carrying message after message; at most the server's limit per client (more connections, more alerts a second)"),
  NOTIFIER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(6)
    .describe('alert partitions the notifier works on at once; one borrower is always on one partition, so their alerts stay in order'),
  SMS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64).describe('SMS sends in flight at once, across all alerts'),
  MAIL_FROM: z.string().min(3).default('Account Sentinel <alerts@sentinel.localhost>').describe('From: header of alert mail'),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits')
    .optional()
    .describe('Twilio account SID; TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are set all three or none. None: SMS are a dry run kept for the console to show'),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional().describe('Twilio auth token'),
  TWILIO_FROM: z
    .string()
    .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, 'must be an E.164 number or a Messaging Service SID')
    .optional()
    .describe('sender: an E.164 number or a Messaging Service SID (MG...)'),
  TWILIO_API_BASE_URL: z.url().optional().describe('Twilio API origin; only set it for a Twilio-compatible gateway or a test endpoint; unset means https://api.twilio.com'),
  PLATFORM_NAME: z.string().min(1).max(40).default('Account Sentinel').describe('lending platform name, shown in every message'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('zh-CN').describe('zh-CN or en, for borrowers whose language is not known'),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('http://127.0.0.1:3004')
    .describe("the console's public URL; answer links are built from it, never from a request"),
  ANSWER_TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24).describe('hours an answer link stays valid'),
  PREVIOUS_CONTACT_DAYS: z.coerce.number().int().min(0).max(365).default(30).describe('days a replaced phone or email still receives fraud alerts (takeovers change them first)'),
  TRUSTED_CONTACT_HOURS: trustedContactHours(
    'hours: a step-up\'s link goes only to a contact on file this long before the flagged event, the one whose "was me" closes it (the console\'s TRUSTED_CONTACT_HOURS, set to the same value); with none, to every contact',
  ),
  LINK_FREE: boolean(
    false,
    "true for messages without links: a reference code and \"open the official app\" instead; the platform's app then relays the borrower's answer to the gateway's POST /v1/answers",
  ),
  NOTIFY_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(5)
    .describe(
      'attempts per message before it is dead-lettered and noted on the case; transient failures (SMTP 4xx, timeouts, Twilio 5xx/429) are retried with exponential backoff and jitter',
    ),
  RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2000).describe('first retry delay in milliseconds; it doubles per attempt, with jitter'),
  RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(600_000).describe('longest retry delay in milliseconds'),
  DELIVERY_LEASE_MS: z.coerce
    .number()
    .int()
    .min(3000)
    .max(3_600_000)
    .default(60_000)
    .describe(
      'how long a message being sent stays with its notifier without a renewal (renewed every third of this while the send lasts); a notifier that dies loses its messages to the retry pass after this',
    ),
  RETRY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000).describe('milliseconds between passes over due retries'),
  DAILY_MESSAGE_LIMIT: z.coerce.number().int().min(1).max(1000).default(5).describe('most messages per borrower per 24 h; fraud alerts are exempt'),
  ESCALATE_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(604_800_000)
    .default(3_600_000)
    .describe('unanswered fraud alerts are re-sent after this, and the case marked unreachable after twice this'),
  ESCALATION_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000).describe('milliseconds between escalation passes'),
  TWILIO_STATUS_CALLBACK_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional()
    .describe("the public URL of this notifier's /twilio/status, for delivery receipts; it is also what signatures are checked against"),
  TIME_ZONE: timeZone('Asia/Shanghai', 'IANA time zone for times shown in messages and for quiet hours, e.g. Asia/Shanghai'),
};

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  apiBaseUrl?: string;
  statusCallbackUrl?: string;
}

export const NOTIFIER_CONFIG = Symbol('NotifierConfig');

export interface NotifierConfig {
  core: CoreConfig;
  smtpUrl: string;
  smtpPoolSize: number;
  smsConcurrency: number;
  /** Alert partitions handled at once. */
  concurrency: number;
  mailFrom: string;
  /** `undefined` means dry run: SMS land in the sms_outbox table. */
  twilio?: TwilioSettings;
  platformName: string;
  defaultLocale: Locale;
  timeZone: string;
  publicBaseUrl: string;
  answerTokenTtlHours: number;
  previousContactDays: number;
  trustedContactAgeMs: number;
  linkFree: boolean;
  retry: { maxAttempts: number; baseMs: number; maxMs: number; pollMs: number };
  /** How long a message being sent stays leased to this notifier between renewals. */
  leaseMs: number;
  dailyMessageLimit: number;
  escalation: { afterMs: number; pollMs: number };
}

export function loadNotifierConfig(source: NodeJS.ProcessEnv = process.env): NotifierConfig {
  const e = loadEnv(notifierEnv, source);
  const twilioVars = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM];
  if (twilioVars.some(Boolean) && !twilioVars.every(Boolean)) {
    throw new ConfigError(['TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM must be set together (or all left unset for dry-run SMS)']);
  }
  return {
    core: coreConfig('notifier', e),
    smtpUrl: e.SMTP_URL,
    smtpPoolSize: e.SMTP_POOL_SIZE,
    smsConcurrency: e.SMS_CONCURRENCY,
    concurrency: e.NOTIFIER_CONCURRENCY,
    mailFrom: e.MAIL_FROM,
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            from: e.TWILIO_FROM,
            apiBaseUrl: e.TWILIO_API_BASE_URL,
            statusCallbackUrl: e.TWILIO_STATUS_CALLBACK_URL,
          }
        : undefined,
    platformName: e.PLATFORM_NAME,
    defaultLocale: e.DEFAULT_LOCALE,
    timeZone: e.TIME_ZONE,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    answerTokenTtlHours: e.ANSWER_TOKEN_TTL_HOURS,
    previousContactDays: e.PREVIOUS_CONTACT_DAYS,
    trustedContactAgeMs: e.TRUSTED_CONTACT_HOURS * 3_600_000,
    linkFree: e.LINK_FREE,
    retry: { maxAttempts: e.NOTIFY_MAX_ATTEMPTS, baseMs: e.RETRY_BASE_MS, maxMs: e.RETRY_MAX_MS, pollMs: e.RETRY_POLL_MS },
    leaseMs: e.DELIVERY_LEASE_MS,
    dailyMessageLimit: e.DAILY_MESSAGE_LIMIT,
    escalation: { afterMs: e.ESCALATE_AFTER_MS, pollMs: e.ESCALATION_POLL_MS },
  };
}
