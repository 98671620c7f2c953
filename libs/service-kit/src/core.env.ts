import type { KafkaSettings } from '@sentinel/messaging';
import { parseDatabaseUrl } from '@sentinel/persistence';
import { z } from 'zod';
import { csv, port } from './config';

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** Variables every service reads: where Kafka and Postgres are, how to log, where to listen. */
export const coreEnv = (defaultPort: number, defaults: { commitIntervalMs?: number; poolSize?: number } = {}) => ({
  KAFKA_BROKERS: csv('Kafka bootstrap brokers, a comma-separated host:port list')
    .default(['127.0.0.1:9092'])
    .refine((brokers) => brokers.every((b) => HOST_PORT.test(b)), 'must be host:port entries separated by commas')
    // Again: a default wraps the schema and does not carry its description over.
    .describe('Kafka bootstrap brokers, a comma-separated host:port list, e.g. 127.0.0.1:9092; `npm start` starts a local broker when unset'),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, "may only hold letters, digits, '.', '_' and '-'")
    .default('')
    .describe('prefix for topic and consumer-group names, to share a cluster between deployments; empty by default'),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6).describe('partitions for topics the services create (account.events, its DLQ, account.alerts, its DLQ)'),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000, "must be at least 6000 (the broker's group.min.session.timeout.ms)")
    .max(300_000)
    .default(30_000)
    .describe('how long a consumer group waits for a crashed member before moving its partitions to the others; at least 6000'),
  KAFKA_COMMIT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(defaults.commitIntervalMs ?? 1_000)
    .describe(
      "how often a consumer commits the offsets of batches it has finished (0: after every batch, a broker round trip each); a crash replays at most this much (the detector's event ids make that harmless; the notifier, whose mail and SMS cannot be taken back, commits after every batch); a clean stop commits everything finished",
    ),
  KAFKA_PRODUCE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(600_000)
    .default(30_000)
    .describe(
      'how long a publish to Kafka may take, retries of an unreachable broker included, before it fails: the gateway then answers 503 KAFKA_UNAVAILABLE, and consumers and relays try again on their next pass; kafkajs alone would retry a stopped broker for about 110 s. A send given up on may still reach the topic later, as any retried send may; consumers drop duplicates by event id',
    ),
  CONSUMER_STALL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(3_600_000)
    .default(60_000)
    .describe(
      'how long a consumer may stay on one offset (a batch failing on every retry, or hung) before /health/ready fails and the partition counts in sentinel_consumer_stalled_partitions',
    ),
  DATABASE_URL: z
    .string()
    .superRefine((url, ctx) => {
      try {
        parseDatabaseUrl(url);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default('postgres://sentinel_service@127.0.0.1:5432/sentinel')
    .describe(
      "Postgres, postgres://user[:password]@host:port/database, as a role that owns no table: it reads and writes rows and may only append to audit_log. `npm run migrate` and `npm start` migrate as MIGRATION_DATABASE_URL's role (the owner), then create this role when missing and grant it that; without MIGRATION_DATABASE_URL they take this URL as the owner's and run the services as sentinel_service on the same database. A primary and its standbys: postgres://user@host1:port1,host2:port2/database?target_session_attrs=read-write, and each new connection goes to the first host that accepts writes, so the services follow a promotion",
    ),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(defaults.poolSize ?? 10)
    .describe('connections per service'),
  EVENT_MAX_FUTURE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400_000)
    .default(300_000)
    .describe(
      'how far in the future an event may be stamped (clock skew), in milliseconds; an event beyond it, or older than EVENT_MAX_AGE_DAYS, is not live activity: the gateway answers 400 and consumers dead-letter it with the reason',
    ),
  EVENT_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(36_500).default(400).describe('oldest event accepted as live activity, in days'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info').describe('pino log level: fatal, error, warn, info, debug or trace'),
  HOST: z.string().min(1).default('127.0.0.1').describe('interface the HTTP server binds to; 0.0.0.0 in containers'),
  PORT: port(defaultPort, 'HTTP port for the API, /health/live, /health/ready and /metrics; `npm start` assigns each service its own, so set it only when running one service'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine(
      (value) => value === 'false' || /^\d{1,2}$/.test(value) || value.split(',').every((entry) => TRUSTED_PROXY.test(entry.trim())),
      'must be false, the number of proxies in front (1, 2…), or a comma-separated list of proxy addresses or subnets (loopback, 10.0.0.0/8…); never true, which lets any client choose its address',
    )
    .transform((value): false | number | string[] => (value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value.split(',').map((entry) => entry.trim())))
    .describe(
      'reverse proxies in front of the service, whose X-Forwarded-For and X-Forwarded-Proto are believed (rate limits key on the real client; HSTS is sent behind TLS): false, a count (1) or addresses and subnets (loopback,10.0.0.0/8); true is refused',
    ),
});

const TRUSTED_PROXY = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;

export interface CoreConfig {
  service: string;
  kafka: KafkaSettings;
  database: { url: string; poolSize: number };
  logLevel: string;
  http: { host: string; port: number; trustProxy: false | number | string[] };
  /** How long a consumer may stay on one offset before it is reported stalled. */
  consumerStallMs: number;
  /** What counts as live activity; older or future-stamped events are refused with a reason. */
  eventTime: { maxFutureMs: number; maxAgeMs: number };
}

export function coreConfig(service: string, env: { [K in keyof ReturnType<typeof coreEnv>]: z.infer<ReturnType<typeof coreEnv>[K]> }): CoreConfig {
  return {
    service,
    kafka: {
      brokers: env.KAFKA_BROKERS,
      clientId: `sentinel-${service}`,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      partitions: env.KAFKA_PARTITIONS,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      commitIntervalMs: env.KAFKA_COMMIT_INTERVAL_MS,
      produceTimeoutMs: env.KAFKA_PRODUCE_TIMEOUT_MS,
    },
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE },
    logLevel: env.LOG_LEVEL,
    http: { host: env.HOST, port: env.PORT, trustProxy: env.TRUST_PROXY },
    consumerStallMs: env.CONSUMER_STALL_MS,
    eventTime: { maxFutureMs: env.EVENT_MAX_FUTURE_MS, maxAgeMs: env.EVENT_MAX_AGE_DAYS * 86_400_000 },
  };
}
