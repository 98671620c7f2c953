import { Logger } from '@nestjs/common';
import { RepeatedErrors } from './repeated-errors';

/** Where a task says that it fails and that it recovered; Nest's logger unless given. */
export interface TaskLog {
  error(line: Record<string, unknown>): void;
  warn(line: Record<string, unknown>): void;
}

/** Alarms closer than this share a pass. */
const ALARM_GRAIN_MS = 20;
/** Alarms held at once; a lateness window of 5 s at ALARM_GRAIN_MS needs 250. */
const MAX_ALARMS = 1_000;

/**
 * Runs `pass` every `intervalMs`, never two at once. `wake()` asks for a pass now (or right after
 * the one in progress); `stop()` waits for the pass in progress. A failing pass is retried at the
 * next interval, so a database or broker outage delays work but never ends it; the failure is said
 * once, then with its count at most once a minute, and its end is said too.
 * `pass` returns true when it may have left work behind, to run again at once. `wakeIn(ms)` asks
 * for a pass when known work falls due, so that it waits for no interval; several close together
 * share one pass.
 */
export class PeriodicTask {
  private readonly failures: RepeatedErrors;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private again = false;
  /** Times (ms since the epoch, rounded up to ALARM_GRAIN_MS) at which work falls due, ascending. */
  private readonly alarms: number[] = [];
  private alarm?: NodeJS.Timeout;

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

  /** Asks for a pass in `delayMs`, when work this process knows of falls due. */
  wakeIn(delayMs: number): void {
    if (this.stopped) return;
    const at = Math.ceil((Date.now() + Math.max(0, delayMs)) / ALARM_GRAIN_MS) * ALARM_GRAIN_MS;
    // Past the cap the interval's passes still find the work, a little later.
    if (this.alarms.includes(at) || this.alarms.length >= MAX_ALARMS) return;
    const index = this.alarms.findIndex((t) => t > at);
    this.alarms.splice(index === -1 ? this.alarms.length : index, 0, at);
    if (index === 0 || this.alarms.length === 1) this.armAlarm();
  }

  private armAlarm(): void {
    clearTimeout(this.alarm);
    this.alarm = undefined;
    if (this.stopped || this.alarms.length === 0) return;
    this.alarm = setTimeout(
      () => {
        while (this.alarms.length > 0 && this.alarms[0] <= Date.now()) this.alarms.shift();
        this.wake();
        this.armAlarm();
      },
      Math.max(0, this.alarms[0] - Date.now()),
    );
    // A pending alarm must not keep a stopping process alive.
    this.alarm.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.alarm);
    this.alarms.length = 0;
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
