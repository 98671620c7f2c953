import { Inject, Injectable } from '@nestjs/common';
import { ScheduledJob } from '@sentinel/service-kit';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';
import { SendAlertService } from './send-alert.service';

/** Re-sends messages whose last attempt failed transiently, once their backoff has passed, and held ones once due. */
@Injectable()
export class RetryScheduler extends ScheduledJob {
  constructor(
    @Inject(NOTIFIER_CONFIG) config: NotifierConfig,
    private readonly sendAlert: SendAlertService,
  ) {
    super('DeliveryRetries', config.retry.pollMs);
  }

  runDue(): Promise<boolean> {
    return this.sendAlert.retryDue();
  }
}
