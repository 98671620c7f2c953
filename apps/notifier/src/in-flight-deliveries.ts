import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@sentinel/messaging';
import { Deliveries } from '@sentinel/persistence';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';

/**
 * The messages this notifier is sending or about to send. Each is leased in Postgres; the leases
 * are renewed while the sends last, however long a provider keeps them, so that no other notifier
 * takes a message mid-send. A notifier that dies stops renewing, and its messages become due for
 * the retry pass. Within this process the set itself is the guard: a lease that ran out while
 * Postgres was unreachable does not make this process send its own message a second time.
 */
@Injectable()
export class InFlightDeliveries implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly ids = new Set<string>();
  private readonly renewal: PeriodicTask;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly deliveries: Deliveries,
  ) {
    this.renewal = new PeriodicTask('DeliveryLeaseRenewal', Math.floor(config.leaseMs / 3), () => this.renew());
  }

  /** Runs `send` holding the message; false, without running it, when this process already holds it. */
  async hold(id: string, send: () => Promise<void>): Promise<boolean> {
    if (!this.take(id)) return false;
    try {
      await send();
      return true;
    } finally {
      this.release(id);
    }
  }

  /** False when this process already holds the message. */
  take(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    return true;
  }

  release(id: string): void {
    this.ids.delete(id);
  }

  onApplicationBootstrap(): void {
    this.renewal.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.renewal.stop();
  }

  private async renew(): Promise<void> {
    if (this.ids.size > 0) await this.deliveries.renewLeases([...this.ids], this.config.leaseMs);
  }
}
