import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@sentinel/contracts';
import type { IncomingBatch } from '@sentinel/messaging';
import { DetectBatchService } from './detect-batch.service';

@Controller()
export class AccountEventsConsumer {
  constructor(private readonly detect: DetectBatchService) {}

  @EventPattern(Topics.accountEvents)
  handle(@Payload() batch: IncomingBatch): Promise<void> {
    return this.detect.handle(batch);
  }
}
