import { coreConfig, coreEnv, duration, loadEnv, stepUpAnswerWait, timeZone, type CoreConfig } from '@sentinel/service-kit';
import { z } from 'zod';

const ms = (fallback: number, min: number, description: string) => z.coerce.number().int().min(min).max(3_600_000).default(fallback).describe(description);

export const detectorEnv = {
  ...coreEnv(3002),
  OUTBOX_POLL_MS: ms(1000, 50, 'milliseconds between outbox relay passes (the relay is also woken right after each new case)'),
  OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(8_760)
    .default(168)
    .describe('hours a published outbox message is kept (for tracing what was sent) before it is deleted'),
  LATENESS_MS: ms(
    5000,
    0,
    'how long absence rules (a loan with no consent, a partner unbind with no consent) wait for events that arrive out of order before judging, in milliseconds',
  ),
  DEFERRED_POLL_MS: ms(500, 50, 'milliseconds between passes over deferred evaluations'),
  DEFERRED_MAX_WAIT_MS: ms(
    600_000,
    1_000,
    'longest a deferred judgement queued from a backlog waits for its partition to catch up (so the events behind it are on record first) before it is judged anyway, in milliseconds',
  ),
  RULESET_POLL_MS: ms(2000, 100, 'milliseconds between checks for a new rule-set version (a change applies within this)'),
  MERCHANT_ROLLUP_POLL_MS: ms(1000, 50, 'milliseconds between roll-ups of newly flagged merchants and of entities with new links'),
  REMINDER_POLL_MS: ms(60_000, 100, 'milliseconds between passes of the ID-document reminder scheduler'),
  DETECTOR_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(6)
    .describe(
      "partitions the detector works on at once, each with a consumer-group member of its own that fetches for itself (each holds a database connection while it works); each partition's events stay in order",
    ),
  DETECTOR_STATE_CACHE_MB: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_536)
    .default(512)
    .describe(
      'memory for account states held between batches, in MiB (0 turns it off), least recently used out first; a quiet account takes a few KiB, a busy one about 50 KiB; a state another instance moved on is rebuilt, never reused',
    ),
  DETECTOR_SNAPSHOT_EVERY: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(50)
    .describe("events between rewrites of an account's state snapshot; a state not held in memory replays up to this many"),
  ALERT_MAX_AGE: duration(
    '3d',
    '72h or 3d',
    'a duration in ms, s, m, h or d (72h, 3d); events older than this (by event time) still build state and open cases for analysts, marked historical, but send the borrower nothing: a backfill must not message borrowers about last spring',
  ),
  STEP_UP_ANSWER_WAIT: stepUpAnswerWait(
    'a duration in ms, s, m, h or d; a step-up (an alert-band case: the borrower asked, what the event moves held) the borrower has not answered within it becomes an urgent case for analysts, with everything held',
  ),
  TIME_ZONE: timeZone('Asia/Shanghai', "IANA time zone of the borrowers' calendar, for ID-document expiry days"),
};

export interface DetectorConfig {
  core: CoreConfig;
  outboxPollMs: number;
  /** Published outbox rows older than this are deleted. */
  outboxRetentionMs: number;
  latenessMs: number;
  /** Events older than this, by event time, open historical cases and send the borrower nothing. */
  alertMaxAgeMs: number;
  deferredPollMs: number;
  /** A step-up unanswered this long becomes an urgent case. */
  stepUpAnswerMs: number;
  /** A judgement queued from a backlog waits for its partition to catch up, at most this long. */
  deferredMaxWaitMs: number;
  ruleSetPollMs: number;
  reminderPollMs: number;
  merchantRollupPollMs: number;
  timeZone: string;
  concurrency: number;
  /** Bytes of account states held in memory between batches. */
  stateCacheBytes: number;
  snapshotEvery: number;
}

export const DETECTOR_CONFIG = Symbol('DetectorConfig');

export function loadDetectorConfig(source: NodeJS.ProcessEnv = process.env): DetectorConfig {
  const e = loadEnv(detectorEnv, source);
  return {
    core: coreConfig('detector', e),
    outboxPollMs: e.OUTBOX_POLL_MS,
    outboxRetentionMs: e.OUTBOX_RETENTION_HOURS * 3_600_000,
    latenessMs: e.LATENESS_MS,
    alertMaxAgeMs: e.ALERT_MAX_AGE,
    deferredPollMs: e.DEFERRED_POLL_MS,
    stepUpAnswerMs: e.STEP_UP_ANSWER_WAIT,
    deferredMaxWaitMs: e.DEFERRED_MAX_WAIT_MS,
    ruleSetPollMs: e.RULESET_POLL_MS,
    reminderPollMs: e.REMINDER_POLL_MS,
    merchantRollupPollMs: e.MERCHANT_ROLLUP_POLL_MS,
    timeZone: e.TIME_ZONE,
    concurrency: e.DETECTOR_CONCURRENCY,
    stateCacheBytes: e.DETECTOR_STATE_CACHE_MB * 1_048_576,
    snapshotEvery: e.DETECTOR_SNAPSHOT_EVERY,
  };
}
