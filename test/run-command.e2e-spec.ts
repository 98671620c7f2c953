import { ConsoleClient, freePort, isolatedDatabase, isolatedPrefix, pollUntil, testEnv } from '@sentinel/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../scripts/lib/repo-root';

interface Listed<T> {
  items: T[];
}

/**
 * The README's run command with its local defaults: no SMTP_URL (the built-in mail catcher) and
 * no Twilio account (dry-run SMS). Its demo stream must produce a case, an email and an SMS that
 * the console shows, and Ctrl-C must stop everything it started.
 */
describe('npm start: the whole system with local defaults and the demo stream', () => {
  let up: ChildProcess;
  let output = '';
  let consoleUrl: string;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    const portBase = (await freePort()) - 10; // the four ports above it are very likely free too
    consoleUrl = `http://127.0.0.1:${portBase + 4}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KAFKA_BROKERS: testEnv().brokers.join(','),
      KAFKA_TOPIC_PREFIX: isolatedPrefix(),
      DATABASE_URL: database.url,
      MIGRATION_DATABASE_URL: database.ownerUrl,
      SENTINEL_PORT_BASE: String(portBase),
      SENTINEL_LOG_DIR: join(repoRoot(), 'test-artifacts', 'run-command-logs'),
      MAIL_CATCHER_PORT: String(await freePort()),
      PUBLIC_BASE_URL: consoleUrl,
    };
    for (const name of ['SMTP_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'INGEST_API_KEYS', 'DEMO', 'ADMIN_PASSWORD']) delete env[name];
    up = spawn(process.execPath, [join(repoRoot(), 'dist', 'scripts', 'up.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    up.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    up.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await pollUntil(() => output.includes('press Ctrl-C to stop') || up.exitCode !== null, { timeoutMs: 90_000, what: 'the system to start' });
    if (up.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
  }, 120_000);

  afterAll(async () => {
    if (up && up.exitCode === null) up.kill('SIGKILL');
    await database?.drop();
  });

  it('prints the console URL, a generated ingest key and the first admin login', () => {
    expect(output).toContain(`console:        ${consoleUrl}`);
    expect(output).toMatch(/ingest API key: [A-Za-z0-9_-]{32}/);
    expect(output).toMatch(/console login: {2}admin \/ [A-Za-z0-9_-]{20} /);
  });

  it('turns the demo stream into a case, a caught email and a dry-run SMS, all shown masked in the console', async () => {
    const [, password] = /console login: {2}admin \/ ([A-Za-z0-9_-]{20}) /.exec(output)!;
    const admin = await ConsoleClient.as(consoleUrl, 'admin', password);
    const cases = await pollUntil(
      async () => {
        const body = await admin.get<Listed<{ referenceCode: string }>>('/api/cases');
        return body.items.length ? body.items : undefined;
      },
      { timeoutMs: 30_000, what: 'a case from the demo stream' },
    );
    const reference = cases[0].referenceCode;
    const mail = await pollUntil(
      async () => {
        const body = await admin.get<Listed<{ subject: string; rcptTo: string[] }>>('/api/messages/mail');
        return body.items.find((m) => m.subject.includes(reference));
      },
      { what: 'the caught email' },
    );
    expect(mail.rcptTo[0]).toMatch(/^b\*\*\*@example\.com$/);
    const sms = await pollUntil(
      async () => {
        const body = await admin.get<Listed<{ body: string; toMasked: string }>>('/api/messages/sms');
        return body.items.find((m) => m.body.includes(reference));
      },
      { what: 'the dry-run SMS' },
    );
    expect(sms.toMasked).toMatch(/^\+86138\*{4}\d{4}$/);
  });

  it('stops everything on Ctrl-C', async () => {
    up.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => up.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('stopping…');
    expect(output).not.toContain('while stopping');
    await expect(fetch(`${consoleUrl}/health/live`)).rejects.toThrow();
  });
});
