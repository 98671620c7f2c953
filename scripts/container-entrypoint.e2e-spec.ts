import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './lib/repo-root';

const run = promisify(execFile);

/** The image's command, run as the image runs it, on the compiled service. */
describe('dist/scripts/container-entrypoint.js', () => {
  const entrypoint = (env: NodeJS.ProcessEnv) =>
    run(process.execPath, [join(repoRoot(), 'dist', 'scripts', 'container-entrypoint.js')], { cwd: repoRoot(), env, timeout: 30_000 });

  it('reports a service with bad configuration and exits 0, which restart: on-failure leaves stopped', async () => {
    const env = { PATH: process.env.PATH, SERVICE: 'gateway', KAFKA_BROKERS: '127.0.0.1:9092' };
    const { stderr } = await entrypoint(env);
    expect(stderr).toContain('INGEST_API_KEYS is required but not set');
    expect(stderr).toContain('gateway exited 78: bad configuration');
  });

  it('refuses an unknown SERVICE as bad configuration', async () => {
    await expect(entrypoint({ PATH: process.env.PATH, SERVICE: 'shell' })).rejects.toMatchObject({ code: 78, stderr: expect.stringContaining('SERVICE must be one of') });
  });
});
