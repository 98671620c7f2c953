import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { alertMessageSchema, describeFailure, parseMessage, Topics } from '@sentinel/contracts';
import { deadLetter, type IncomingBatch, MESSAGE_PUBLISHER, type MessagePublisher } from '@sentinel/messaging';
import { SendAlertService } from './send-alert.service';

@Controller()
export class AlertsConsumer {
  private readonly log = new Logger(AlertsConsumer.name);

  constructor(
    private readonly sendAlert: SendAlertService,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
  ) {}

  @EventPattern(Topics.accountAlerts)
  async handle(@Payload() batch: IncomingBatch): Promise<void> {
    for (const message of batch.messages) {
      const parsed = parseMessage(message.value, alertMessageSchema);
      if (!parsed.ok) {
        this.log.warn({ msg: 'dead-lettering invalid alert', reason: describeFailure(parsed.error).slice(0, 500) });
        await this.publisher.publish(Topics.accountAlertsDlq, [
          deadLetter({ topic: batch.topic, partition: batch.partition, message }, parsed.error, new Date()),
        ]);
        continue;
      }
      await this.sendAlert.send(parsed.value);
      await batch.heartbeat();
    }
  }
}
