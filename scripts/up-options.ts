import { port } from '@sentinel/service-kit';
import { parseDatabaseUrl } from '@sentinel/persistence';
import { z } from 'zod';
import type { CliSpec } from './lib/cli';

/** What `npm start` itself reads, beside the services' variables, which it passes on to them. */
export const upEnv = {
  KAFKA_CLUSTER: z
    .enum(['1', '3'])
    .default('1')
    .describe(
      '3: start the local three-broker cluster (ports 9192, 9194, 9196; replication factor 3, min.insync.replicas=2) instead of the single broker, when KAFKA_BROKERS is unset',
    ),
  DEMO: z.enum(['on', 'off']).default('on').describe('off: start without the demo event stream'),
  MAIL_CATCHER_PORT: port(1025, 'port of the mail catcher `npm start` runs when SMTP_URL is unset; the notifier is pointed at it'),
  SENTINEL_PORT_BASE: z.coerce
    .number()
    .int()
    .min(1)
    .max(65_530)
    .optional()
    .describe('moves the four ports together to base+1 … base+4, beside another copy (default: 3001 … 3004)'),
  SENTINEL_LOG_DIR: z.string().min(1).optional().describe("where each service's JSON log goes (default: .run/logs)"),
  MIGRATION_DATABASE_URL: z
    .string()
    .superRefine((url, ctx) => {
      // One host or several (a primary and its standbys), as DATABASE_URL.
      try {
        parseDatabaseUrl(url);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .optional()
    .describe(
      "the role that owns the schema and runs the migrations (also read by `npm run migrate`); the services connect as DATABASE_URL's role. Unset: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sentinel) is the owner's, and the services run as sentinel_service on the same database",
    ),
};

export const UP_CLI: CliSpec<Record<never, never>> = {
  name: 'start',
  options: {},
  help: `usage: npm start [-- --help]

Runs the whole system on this machine: starts a local Kafka broker unless KAFKA_BROKERS is set or
one answers on 127.0.0.1:9092 (KAFKA_CLUSTER=3: a three-broker cluster on 9192, 9194, 9196), creates and migrates the database, starts the mail catcher, the
four services and a demo event stream, and prints the console URL, an ingest API key and, on a
fresh database, the first admin's login. Ctrl-C stops everything it started.

  -h, --help             this text

It takes no other options; it reads the environment and .env (see .env.example and
docs/configuration.md), passing the services' variables on to them, and these of its own:
  KAFKA_CLUSTER          3: the local three-broker cluster instead of one broker (default 1)
  DEMO                   off: no demo event stream (default on)
  MAIL_CATCHER_PORT      port of the mail catcher, used when SMTP_URL is unset (default 1025)
  SENTINEL_PORT_BASE     moves the four ports together to base+1 ... base+4 (default 3001 ... 3004)
  SENTINEL_LOG_DIR       where each service's JSON log goes (default .run/logs)
  MIGRATION_DATABASE_URL the owner, who migrates; the services connect as DATABASE_URL's role,
                         which owns nothing (default: DATABASE_URL migrates, sentinel_service serves)
  SHUTDOWN_GRACE_MS      how long each service may drain on Ctrl-C before it is killed (default 15000)

Exit codes: 0 stopped on request, 1 could not start, 2 bad options, 78 bad configuration.`,
};
