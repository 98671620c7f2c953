import { createKafka, groupId } from '@sentinel/messaging';
import { freePort, isolatedDatabase, isolatedPrefix, pollUntil, testEnv, testKafkaSettings } from '@sentinel/testing';
import { childProcesses, isRunning, type ProcessRef } from '@sentinel/testing/processes';
import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { repoRoot } from '../scripts/lib/repo-root';
import { SERVICES, type ServiceName } from '../scripts/lib/service-process';

/**
 * `npm start` leaves no service behind: not when one will not drain, not when its output went to a
 * pipe whose reader is gone, not when the terminal closes, and not when the supervisor itself is
 * killed. The services are found through /proc as the supervisor's children, before anything is
 * stopped, so that one left running is still seen.
 */
describe('npm start: shutdown leaves no orphans', () => {
  // Long enough for a consumer still joining its group to drain (it can take some seconds), so that
  // only the frozen service is killed.
  const GRACE_MS = 10_000;
  // Time for a supervisor on a busy machine to notice, signal and reap, on top of the grace.
  const MARGIN_MS = 7_000;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let run: Run | undefined;

  interface Run {
    up: ChildProcess;
    services: Record<ServiceName, ProcessRef>;
    output: () => string;
    topicPrefix: string;
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  }

  beforeAll(async () => {
    database = await isolatedDatabase();
  });

  afterEach(() => {
    // Whatever a failed case left running was started here: end it, and only it.
    for (const service of Object.values(run?.services ?? {})) if (isRunning(service)) process.kill(service.pid, 'SIGKILL');
    if (run && run.up.exitCode === null && run.up.signalCode === null) run.up.kill('SIGKILL');
    run = undefined;
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** Starts up.js without the demo stream; `stdout` may be a pipe to another process. */
  async function start(name: string, env: Record<string, string> = {}, stdout?: { stdio: Writable; read: Readable }): Promise<Run> {
    const portBase = (await freePort()) - 10; // the four ports above it are very likely free too
    const topicPrefix = isolatedPrefix();
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      KAFKA_BROKERS: testEnv().brokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      KAFKA_PARTITIONS: '1',
      DATABASE_URL: database.url,
      MIGRATION_DATABASE_URL: database.ownerUrl,
      DATABASE_POOL_SIZE: '2',
      SENTINEL_PORT_BASE: String(portBase),
      SENTINEL_LOG_DIR: join(repoRoot(), 'test-artifacts', 'run-command-shutdown', name),
      MAIL_CATCHER_PORT: String(await freePort()),
      ADMIN_PASSWORD: 'shutdown-test-admin-password',
      INGEST_API_KEYS: 'test:shutdown-test-ingest-key-0123456789',
      DEMO: 'off',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      ...env,
    };
    for (const variable of ['SMTP_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'PUBLIC_BASE_URL']) delete childEnv[variable];
    const stdio: StdioOptions = ['ignore', stdout?.stdio ?? 'pipe', 'pipe'];
    const up: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'dist', 'scripts', 'up.js')], { env: childEnv, stdio });
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    (stdout?.read ?? up.stdout!).on('data', collect);
    up.stderr!.on('data', collect);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => up.once('exit', (code, signal) => resolve({ code, signal })));
    const started: Run = { up, services: {} as Record<ServiceName, ProcessRef>, output: () => output, topicPrefix, exited };
    run = started;
    // Record each service as soon as it is spawned, so that afterEach can end it whatever happens next.
    await pollUntil(
      () => {
        for (const child of childProcesses(up.pid!)) {
          const name = SERVICES.find((service) => child.cmdline.includes(join('dist', 'apps', service, 'src', 'main.js')));
          if (name) started.services[name] ??= child;
        }
        return Object.keys(started.services).length === SERVICES.length || up.exitCode !== null;
      },
      { timeoutMs: 60_000, what: 'up.js to spawn the four services' },
    );
    await pollUntil(() => output.includes('press Ctrl-C to stop') || up.exitCode !== null, { timeoutMs: 60_000, what: 'the system to start' });
    if (up.exitCode !== null) throw new Error(`up.js exited during start:\n${output}`);
    return started;
  }

  const running = (r: Run) => SERVICES.filter((name) => isRunning(r.services[name]));

  async function allGone(r: Run, timeoutMs: number): Promise<void> {
    await pollUntil(() => running(r).length === 0, { timeoutMs, what: 'every service to exit' }).catch((error: Error) => {
      throw new Error(`${error.message}; still running: ${running(r).join(', ')}\n${r.output()}`);
    });
  }

  it('kills a service that cannot drain once the grace period is over, and stops the others', async () => {
    const r = await start('frozen');
    process.kill(r.services.detector.pid, 'SIGSTOP'); // a stopped process cannot handle SIGTERM
    const since = Date.now();
    r.up.kill('SIGINT');
    await allGone(r, GRACE_MS + MARGIN_MS);
    expect(await r.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - since).toBeGreaterThanOrEqual(GRACE_MS);
    expect(r.output()).toContain(`detector did not stop within ${GRACE_MS} ms: killed`);
    for (const name of ['gateway', 'notifier', 'console']) expect(r.output()).not.toContain(`${name} did not stop`);
  });

  it('kills every service at once on a second Ctrl-C', async () => {
    const r = await start('second-ctrl-c', { SHUTDOWN_GRACE_MS: '600000' });
    process.kill(r.services.detector.pid, 'SIGSTOP');
    r.up.kill('SIGINT');
    await pollUntil(() => r.output().includes('stopping'), { what: 'the supervisor to start stopping' });
    r.up.kill('SIGINT');
    await allGone(r, MARGIN_MS);
    expect((await r.exited).code).toBe(0);
  });

  it('stops every service when its output pipe has lost its reader (npm start | tee, then Ctrl-C)', async () => {
    const reader = spawn('cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
    const readerExited = new Promise((resolve) => reader.once('exit', resolve));
    try {
      const r = await start('piped', {}, { stdio: reader.stdin, read: reader.stdout });
      reader.kill('SIGKILL');
      await readerExited;
      r.up.kill('SIGINT');
      await allGone(r, GRACE_MS + MARGIN_MS);
      expect((await r.exited).code).toBe(0);
    } finally {
      reader.kill('SIGKILL');
    }
  });

  it('stops every service when its terminal closes (SIGHUP)', async () => {
    const r = await start('hangup');
    r.up.kill('SIGHUP');
    await allGone(r, GRACE_MS + MARGIN_MS);
    expect((await r.exited).code).toBe(0);
  });

  it('services drain and end on their own when the supervisor is killed outright', async () => {
    const r = await start('supervisor-killed');
    // A consumer that drains leaves its group at once; one that crashed stays a member until its
    // session times out (30 s): the groups tell a clean stop from a crash.
    const admin = createKafka(testKafkaSettings(r.topicPrefix)).admin();
    await admin.connect();
    try {
      const groups = ['sentinel-detector', 'sentinel-notifier'].map((name) => groupId({ topicPrefix: r.topicPrefix }, name));
      const members = async () => (await admin.describeGroups(groups)).groups.map((group) => group.members.length);
      await pollUntil(async () => (await members()).every((count) => count > 0), { timeoutMs: 30_000, what: 'both consumers in their groups' });
      r.up.kill('SIGKILL');
      await r.exited;
      await allGone(r, GRACE_MS + MARGIN_MS);
      expect(await members()).toEqual([0, 0]);
    } finally {
      await admin.disconnect();
    }
  });
});
