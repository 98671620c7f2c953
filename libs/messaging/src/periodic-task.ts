import { Logger } from '@nestjs/common';
import { RepeatedErrors } from './repeated-errors';

/** Where a task says that it fails and that it recovered; Nest's logger unless given. */
export interface TaskLog {
  error(line: Record<string, unknown>): void;
  warn(line: Record<string, unknown>): void;
}

/**
 * Runs `pass` every `intervalMs`, never two at once. `wake()` asks for a pass now (or right after
 * the one in progress); `stop()` waits for the pass in progress. A failing pass is retried at the
 * next interval, so a database or broker outage delays work but never ends it; the failure is said
 * once, then with its count at most once a minute, and its end is said too.
 * `pass` returns true when it may have left work behind, to run again at once.
 */
export class PeriodicTask {
  private readonly failures: RepeatedErrors;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private again = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<boolean | void>,
    log: TaskLog = new Logger(name),
  ) {
    this.failures = new RepeatedErrors((line) => (line.msg === this.recovered ? log.warn(line) : log.error(line)));
  }

  private get recovered(): string {
    return `${this.name} recovered`;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      try {
        let more: boolean | void;
        do {
          this.again = false;
          more = await this.pass();
        } while ((more || this.again) && !this.stopped);
        this.failures.resolve(this.name, { msg: this.recovered });
      } catch (error) {
        this.failures.report(this.name, { msg: `${this.name} failed; retrying in ${this.intervalMs} ms`, error: (error as Error).message });
      }
    })();
    await this.running;
    this.running = undefined;
    if (!this.stopped) this.schedule(this.intervalMs);
  }
}
