import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@sentinel/messaging';
import type { NotifierConfig } from './notifier.config';
import { NOTIFIER_CONFIG, SendAlertService } from './send-alert.service';

/** Re-sends messages whose last attempt failed transiently, once their backoff has passed. */
@Injectable()
export class RetryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(@Inject(NOTIFIER_CONFIG) config: NotifierConfig, sendAlert: SendAlertService) {
    this.task = new PeriodicTask('DeliveryRetries', config.retry.pollMs, () => sendAlert.retryDue());
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
