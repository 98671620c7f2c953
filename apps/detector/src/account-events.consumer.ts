import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@sentinel/contracts';
import { type IncomingBatch, RethrowToTransportFilter } from '@sentinel/messaging';
import { DetectBatchService } from './detect-batch.service';

@Controller()
// Failures reach the Kafka transport as thrown, which logs them once and masks them.
@UseFilters(RethrowToTransportFilter)
export class AccountEventsConsumer {
  constructor(private readonly detect: DetectBatchService) {}

  @EventPattern(Topics.accountEvents)
  handle(@Payload() batch: IncomingBatch): Promise<void> {
    return this.detect.handle(batch);
  }
}
