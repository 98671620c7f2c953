import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@sentinel/messaging';

/**
 * A service's background job: starts with the application, runs `run()` every `intervalMs`
 * (again at once while it reports more work), and finishes its pass on shutdown.
 */
export abstract class ScheduledJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  protected constructor(name: string, intervalMs: number) {
    this.task = new PeriodicTask(name, intervalMs, () => this.run());
  }

  /** One pass; true when it may have left work behind. */
  protected abstract run(): Promise<boolean | void>;

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
