import { type AccountEvent, Topics } from '@sentinel/contracts';
import { createKafka, ensureTopics, physicalTopic } from '@sentinel/messaging';
import { dropDatabase, migrate } from '@sentinel/persistence';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../lib/free-port';
import { ServiceProcess } from '../lib/service-process';
import { arrivalOrder, type KafkaMode } from './arrival';
import type { EvalVerdict } from './metrics';

export interface ModeResult {
  mode: string;
  verdicts: Record<string, EvalVerdict>;
  /** Merchants the roll-up flagged; null where the mode cannot tell (replay). */
  flaggedMerchants: string[] | null;
  seconds: number;
}

export interface DetectorRunOptions {
  brokers: string[];
  /** A database URL whose name is the stem of each mode's own database. */
  databaseUrl: string;
  latenessMs: number;
  /** Events per slice in paced mode. */
  slice: number;
  partitions: number;
  seed: number;
  timeoutMs: number;
  logDir: string;
  keepDatabases: boolean;
  log: (line: string) => void;
}

/** A database of its own for one mode, next to the one `databaseUrl` names. */
export function modeDatabaseUrl(databaseUrl: string, mode: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${url.pathname.slice(1)}_${mode}_${randomUUID().slice(0, 6)}`;
  return url.toString();
}

// Longer than the corpus reaches back (generate-corpus.ts keeps it within 380 days).
const ALERT_MAX_AGE = '400d';

// Queues the detector drains after it has recorded an event; a table another version lacks is skipped.
const QUEUES = ['deferred_evaluation', 'merchant_rollup_due', 'entity_rollup_due'];

/**
 * Sends the corpus through Kafka to the compiled detector, on a fresh database and topic prefix,
 * in one arrival mode; waits until every event is recorded and every queue drained; then reads
 * what the detector did to each account.
 */
export async function runDetectorMode(mode: KafkaMode, events: readonly AccountEvent[], options: DetectorRunOptions): Promise<ModeResult> {
  const started = performance.now();
  const databaseUrl = modeDatabaseUrl(options.databaseUrl, mode);
  await migrate(databaseUrl);
  const prefix = `eval-${mode}-${randomUUID().slice(0, 8)}.`;
  const kafka = createKafka({ brokers: options.brokers, clientId: `sentinel-eval-${mode}`, topicPrefix: prefix, partitions: options.partitions });
  const topic = physicalTopic({ topicPrefix: prefix }, Topics.accountEvents);
  const topics = Object.values(Topics).map((t) => physicalTopic({ topicPrefix: prefix }, t));
  await ensureTopics(kafka, topics, options.partitions);
  const detector = new ServiceProcess(
    'detector',
    await freePort(),
    {
      KAFKA_BROKERS: options.brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_PARTITIONS: String(options.partitions),
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      LATENESS_MS: String(options.latenessMs),
      // Every story is news here: its times lie days or weeks back only to pass the detector's time
      // window, so the borrower would be told as live traffic is (and replay, which has no horizon, agrees).
      ALERT_MAX_AGE: ALERT_MAX_AGE,
      DEFERRED_POLL_MS: '100',
      MERCHANT_ROLLUP_POLL_MS: '100',
    },
    join(options.logDir, mode),
  );
  const db = new Client({ connectionString: databaseUrl });
  const producer = kafka.producer();
  try {
    detector.start();
    await detector.waitReady(90_000);
    await db.connect();
    await producer.connect();
    const queues: string[] = [];
    for (const table of QUEUES) if ((await db.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [table])).rows[0].t) queues.push(table);
    // A dead-lettered event would never be recorded: fail at once, saying why, rather than time out.
    let checkedAt = 0;
    const recorded = async () => {
      if (Date.now() - checkedAt > 500) {
        checkedAt = Date.now();
        const dead = await deadLetters(detector.url);
        if (dead) throw new Error(`the detector dead-lettered corpus events (${dead}); see its log`);
      }
      return Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM account_event`)).rows[0].n);
    };
    const send = (batch: AccountEvent[]) => producer.send({ topic, acks: -1, messages: batch.map((e) => ({ key: e.accountId, value: JSON.stringify(e) })) });

    const order = arrivalOrder(mode, events, options.seed);
    if (mode === 'paced') {
      // Live arrival: a small slice, then wait until the detector has recorded it, then the next.
      for (let i = 0; i < order.length; i += options.slice) {
        await send(order.slice(i, i + options.slice));
        const target = Math.min(order.length, i + options.slice);
        await until(
          async () => (await recorded()) >= target,
          options.timeoutMs,
          () => `the detector to record ${target} events (${mode})`,
        );
      }
    } else {
      for (let i = 0; i < order.length; i += 1000) await send(order.slice(i, i + 1000));
    }
    // Drained: every event recorded and nothing left queued, seen in one snapshot.
    const pending = queues.map((table) => `(SELECT count(*) FROM ${table})`).join(' + ') || '0';
    let last = '';
    await until(
      async () => {
        if ((await recorded()) < order.length) return false;
        const { rows } = await db.query<{ recorded: number; queued: number }>(`SELECT (SELECT count(*) FROM account_event)::int AS recorded, (${pending})::int AS queued`);
        last = `${rows[0].recorded}/${order.length} recorded, ${rows[0].queued} queued`;
        return rows[0].recorded >= order.length && rows[0].queued === 0;
      },
      options.timeoutMs,
      () => `the detector to drain (${mode}: ${last})`,
    );
    const result: ModeResult = { mode, verdicts: await readVerdicts(db), flaggedMerchants: await readFlaggedMerchants(db), seconds: (performance.now() - started) / 1000 };
    options.log(`${mode}: ${order.length} events, ${Object.values(result.verdicts).filter((v) => v.case).length} accounts with a case, ${result.seconds.toFixed(1)} s`);
    return result;
  } catch (error) {
    throw new Error(`${(error as Error).message}\nlast lines of ${detector.logFile}:\n${detector.tail(10)}`, { cause: error });
  } finally {
    await producer.disconnect().catch(() => undefined);
    await db.end().catch(() => undefined);
    await detector.stop();
    await deleteTopics(kafka, topics).catch((error: Error) => options.log(`${mode}: could not delete topics ${prefix}*: ${error.message}`));
    if (options.keepDatabases) options.log(`${mode}: kept database ${new URL(databaseUrl).pathname.slice(1)}`);
    else await dropDatabase(databaseUrl);
  }
}

/** Dead letters by code, as the detector counts them ("" when there are none). */
async function deadLetters(detectorUrl: string): Promise<string> {
  const text = await scrape(`${detectorUrl}/metrics`);
  const found = [...text.matchAll(/^sentinel_detector_dead_letters_total\{code="(\w+)"[^}]*\} (\d+)/gm)].filter((m) => Number(m[2]) > 0);
  return found.map((m) => `${m[1]}: ${m[2]}`).join(', ');
}

/**
 * One scrape, tried three times: on a loaded machine a kept-alive connection the detector has just
 * closed fails the request ("fetch failed") though the detector is well; a detector that is gone
 * fails all three.
 */
async function scrape(url: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (await fetch(url)).text();
    } catch (error) {
      if (attempt === 3) throw new Error(`could not read ${url}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** The mode's topics go once its detector has stopped, so that runs do not pile up on a shared broker. */
async function deleteTopics(kafka: ReturnType<typeof createKafka>, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Per account: its case (the rules hit on it, its highest score, whether it is urgent or a step-up
 * the borrower was asked about, its first flagged event time) and what went out about it: fraud
 * messages, those of them without a case (heads-ups), and holds recommended on `account.actions`
 * (step-ups). Every account the detector touched gets the counts, zeros included.
 */
async function readVerdicts(db: Client): Promise<Record<string, EvalVerdict>> {
  const verdicts: Record<string, EvalVerdict> = {};
  const of = (accountId: string) => (verdicts[accountId] ??= { case: false, ruleIds: [], fraudMessages: 0, headsUps: 0, stepUpMessages: 0, stepUps: 0 });
  const cases = await db.query<{ account_id: string; rules: string[]; score: number; urgent: boolean; first: Date }>(
    `SELECT c.account_id, max(c.score)::int AS score, bool_or(c.decision = 'urgent') AS urgent,
            coalesce(array_agg(DISTINCT h.rule_id) FILTER (WHERE h.rule_id IS NOT NULL), '{}') AS rules,
            (SELECT least(min(e.occurred_at), min((x.evidence->>'flaggedAt')::timestamptz))
               FROM rule_hit x LEFT JOIN account_event e ON e.account_id = x.account_id AND e.id = x.event_id
              WHERE x.account_id = c.account_id) AS first
       FROM fraud_case c LEFT JOIN rule_hit h ON h.case_id = c.id GROUP BY c.account_id`,
  );
  for (const row of cases.rows) {
    Object.assign(of(row.account_id), {
      case: true,
      ruleIds: [...row.rules].sort(),
      caseScore: row.score,
      urgent: row.urgent,
      asked: false,
      ...(row.first ? { firstFlaggedAt: row.first.toISOString() } : {}),
    });
  }
  // Asked: a fraud message about the case went out, with a link the borrower can answer.
  const asked = await db.query<{ account_id: string }>(
    `SELECT DISTINCT payload->>'accountId' AS account_id FROM outbox
      WHERE topic = 'account.alerts' AND payload->>'kind' = 'fraud' AND payload->>'caseId' IS NOT NULL`,
  );
  for (const row of asked.rows) if (verdicts[row.account_id]?.case) verdicts[row.account_id].asked = true;
  const messages = await db.query<{ account_id: string; n: number; heads_ups: number; step_up_messages: number; step_ups: number }>(
    `SELECT payload->>'accountId' AS account_id,
            count(*) FILTER (WHERE topic = 'account.alerts' AND payload->>'kind' = 'fraud')::int AS n,
            count(*) FILTER (WHERE topic = 'account.alerts' AND payload->>'kind' = 'fraud' AND payload->>'caseId' IS NULL)::int AS heads_ups,
            count(*) FILTER (WHERE topic = 'account.alerts' AND payload->>'kind' = 'fraud' AND payload->>'caseId' IS NOT NULL AND payload->>'decision' = 'alert')::int AS step_up_messages,
            count(*) FILTER (WHERE topic = 'account.actions')::int AS step_ups
       FROM outbox GROUP BY 1`,
  );
  for (const row of messages.rows)
    Object.assign(of(row.account_id), { fraudMessages: row.n, headsUps: row.heads_ups, stepUpMessages: row.step_up_messages, stepUps: row.step_ups });
  return verdicts;
}

async function readFlaggedMerchants(db: Client): Promise<string[]> {
  return (await db.query<{ merchant_id: string }>(`SELECT merchant_id FROM flagged_merchant ORDER BY 1`)).rows.map((r) => r.merchant_id);
}

/** Polls a condition (never a fixed sleep) until it holds or the time is up. */
async function until(probe: () => Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
