import type { CliSpec } from './lib/cli';

const options = {
  ruleset: { type: 'string' },
  against: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  file: { type: 'string' },
  'lateness-ms': { type: 'string', default: '5000' },
  json: { type: 'boolean', default: false },
} as const;

export const REPLAY_CLI: CliSpec<typeof options> = {
  name: 'replay',
  options,
  help: `usage: npm run replay -- --ruleset <version> (--from <date> [--to <date>] | --file <events.jsonl>) [options]

Runs a rule-set version over stored history (or a JSONL file of events) beside the live version,
and reports per rule the hits that would be added or removed. It writes nothing to live cases.

  --ruleset <version>    the rule-set version to try (required)
  --against <version>    the version to compare with (default: the live, latest version)
  --from <date>          replay stored events from this event time, e.g. 2026-11-01 or 2026-11-01T08:00:00+08:00
  --to <date>            ...up to this event time (default: all after --from)
  --file <events.jsonl>  replay a file of events, one JSON event a line, instead of stored history
  --lateness-ms <n>      how long absence rules wait for late events (default 5000, the detector's LATENESS_MS)
  --json                 print the report as JSON instead of a table
  -h, --help             this text

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sentinel).
Exit codes: 0 report printed, 1 failed, 2 bad options or an unknown rule-set version.`,
};
