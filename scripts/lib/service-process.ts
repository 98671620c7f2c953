import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

export const SERVICES = ['gateway', 'detector', 'notifier', 'console'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const DEFAULT_PORTS: Record<ServiceName, number> = { gateway: 3001, detector: 3002, notifier: 3003, console: 3004 };

const ROOT = repoRoot();

/** One compiled service as a child process, its output in a log file. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly logFile: string;
  private started = false;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    logDir: string,
    private readonly onLine?: (service: ServiceName, line: string) => void,
  ) {
    mkdirSync(logDir, { recursive: true });
    this.logFile = join(logDir, `${name}.log`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    // A restart appends: what the process before it logged (up to a kill) is often the evidence.
    const log = createWriteStream(this.logFile, { flags: this.started ? 'a' : 'w' });
    this.started = true;
    // SENTINEL_NODE_ARGS passes flags such as --cpu-prof to the services (profiling a benchmark).
    const nodeArgs = (process.env.SENTINEL_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'apps', this.name, 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port), SERVICE_NAME: this.name },
      // The IPC channel is the service's tie to this process: it closes however this process ends,
      // SIGKILL included, and the service then stops itself (libs/service-kit/src/bootstrap.ts).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: Ctrl-C reaches the supervisor, which stops services in order.
      detached: true,
    });
    let pending = '';
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      if (!this.onLine) return;
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.onLine(this.name, line);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        log.end();
        resolve({ code, signal });
      }),
    );
    this.child = child;
  }

  /** Polls readiness until it passes; fails early, with the log's tail, if the process exits. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited?.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (exited) throw new Error(`${this.name} exited during start; last lines of ${this.logFile}:\n${this.tail()}`);
      try {
        const response = await fetch(`${this.url}/health/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms; last lines of ${this.logFile}:\n${this.tail()}`);
  }

  /** SIGTERM, so the service drains; SIGKILL if it has not exited within the grace period. */
  async stop(graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; forced: boolean }> {
    if (!this.child) return { code: null, signal: null, forced: false };
    let forced = false;
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => {
        forced = true;
        this.child?.kill('SIGKILL');
      }, graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return { ...(await this.exited!), forced };
  }

  /** Ends the process at once, as a crash or an OOM kill would. */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
