import { Logger } from '@nestjs/common';

/**
 * Runs `pass` every `intervalMs`, never two at once. `wake()` asks for a pass now (or right after
 * the one in progress); `stop()` waits for the pass in progress. A failing pass is logged and
 * retried at the next interval, so a database or broker outage delays work but never ends it.
 * `pass` returns true when it may have left work behind, to run again at once.
 */
export class PeriodicTask {
  private readonly log: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private again = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<boolean | void>,
  ) {
    this.log = new Logger(name);
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
      } catch (error) {
        this.log.error({ msg: `${this.name} failed; retrying in ${this.intervalMs} ms`, error: (error as Error).message });
      }
    })();
    await this.running;
    this.running = undefined;
    if (!this.stopped) this.schedule(this.intervalMs);
  }
}
