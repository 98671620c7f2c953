import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@sentinel/messaging';

/**
 * A service's background job: starts with the application, runs `runDue()` every `intervalMs`
 * (again at once while it reports more work, never two passes at once), says a failure once and
 * its recovery (see PeriodicTask), and finishes its pass on shutdown.
 */
export abstract class ScheduledJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  protected constructor(name: string, intervalMs: number) {
    this.task = new PeriodicTask(name, intervalMs, () => this.runDue());
  }

  /** One pass; true when it may have left work behind. Public so that tests can run a pass themselves. */
  abstract runDue(): Promise<boolean | void>;

  /** Asks for a pass in `delayMs`, when work this process queued falls due, rather than at the next interval. */
  wakeIn(delayMs: number): void {
    this.task.wakeIn(delayMs);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
