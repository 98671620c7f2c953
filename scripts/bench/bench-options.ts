import type { CliSpec } from '../lib/cli';

export const BENCH_CLI: CliSpec<Record<never, never>> = {
  name: 'bench',
  options: {},
  help: `usage: npm run bench [-- --help]

Measures the detector, the notifier, the gateway and the console on this machine and prints
figures and ratios; it asserts nothing. Needs Postgres; starts the local Kafka broker unless
KAFKA_BROKERS is set or one answers on 127.0.0.1:9092. See docs/operations.md.

  -h, --help                 this text

It takes no other options; it is set through the environment:
  BENCH_ONLY                 detector, floor, e2e, notifier or gateway: run only that part (default: all)
  BENCH_EVENTS               events produced for the detector stages (default 200000)
  BENCH_ACCOUNTS             borrowers they belong to (default 10000)
  BENCH_PARTITIONS           partitions of the bench topics (default 6)
  BENCH_RATE                 events/s offered in the latency stages (default 2000)
  BENCH_LATENCY_SECONDS      how long the latency stages offer it (default 15)
  BENCH_NAIVE_SECONDS        how long the naive per-event baseline runs (default 30)
  BENCH_DETECTORS            detector instances in the throughput stage (default 1)
  BENCH_ALERTS               alerts the notifier drains on its own (default 10000)
  BENCH_GATEWAY_BATCH        events per batched gateway request (default 100)
  BENCH_GATEWAY_SECONDS      how long each gateway stage runs (default 10)
  BENCH_CASES                cases seeded for the console stage (default 10000)
  BENCH_DATABASE             stem of the bench's own databases (default sentinel_bench)
  DATABASE_URL               the Postgres server to use (default postgres://postgres@127.0.0.1:5432/sentinel)
  KAFKA_BROKERS              an existing broker instead of the local one

Exit codes: 0 done, 1 failed, 2 bad options.`,
};
