import { freePort, isolatedPrefix, pollUntil, testEnv } from '@sentinel/testing';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './lib/repo-root';

const run = promisify(execFile);

/** The image's command, run as the image runs it, on the compiled service. */
describe('dist/scripts/container-entrypoint.js', () => {
  const entrypoint = (env: NodeJS.ProcessEnv) => run(process.execPath, [join(repoRoot(), 'dist', 'scripts', 'container-entrypoint.js')], { cwd: repoRoot(), env, timeout: 30_000 });

  it('reports a service with bad configuration and exits 0, which restart: on-failure leaves stopped', async () => {
    const env = { PATH: process.env.PATH, SERVICE: 'gateway', KAFKA_BROKERS: '127.0.0.1:9092' };
    const { stderr } = await entrypoint(env);
    expect(stderr).toContain('INGEST_API_KEYS is required but not set');
    expect(stderr).toContain('gateway exited 78: bad configuration');
  });

  it('refuses an unknown SERVICE as bad configuration', async () => {
    await expect(entrypoint({ PATH: process.env.PATH, SERVICE: 'shell' })).rejects.toMatchObject({
      code: 78,
      stderr: expect.stringContaining('SERVICE must be one of') as unknown,
    });
  });

  // Nest closes the app on SIGTERM, then re-raises the signal: the service ends by SIGTERM, and the
  // entry point with 143, what `docker stop` expects (a stopped container is never restarted).
  it("passes docker stop's SIGTERM to the service, which drains and ends by it (143)", async () => {
    const port = await freePort();
    const { brokers, databaseUrl } = testEnv();
    const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'scripts', 'container-entrypoint.js')], {
      cwd: repoRoot(),
      env: {
        PATH: process.env.PATH,
        SERVICE: 'gateway',
        PORT: String(port),
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_PREFIX: isolatedPrefix(),
        DATABASE_URL: databaseUrl,
        INGEST_API_KEYS: `e2e:${'k'.repeat(32)}`,
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await pollUntil(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.ok, { timeoutMs: 60_000, what: 'the gateway to be ready' });
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
