import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { alertMessageSchema, describeFailure, parseMessage, Topics } from '@sentinel/contracts';
import { deadLetter, type IncomingBatch, MESSAGE_PUBLISHER, type MessagePublisher } from '@sentinel/messaging';
import { SendAlertService } from './send-alert.service';

/** Alerts handled at once per batch, each borrower's in order. */
const ALERT_CONCURRENCY = 16;

@Controller()
export class AlertsConsumer {
  private readonly log = new Logger(AlertsConsumer.name);

  constructor(
    private readonly sendAlert: SendAlertService,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
  ) {}

  @EventPattern(Topics.accountAlerts)
  async handle(@Payload() batch: IncomingBatch): Promise<void> {
    // One borrower's alerts in order; different borrowers' at once, so that a slow SMTP or Twilio
    // round trip does not queue every other borrower's alert behind it.
    const byAccount = new Map<string, IncomingBatch['messages']>();
    for (const message of batch.messages) {
      const key = message.key?.toString() ?? '';
      const queue = byAccount.get(key);
      if (queue) queue.push(message);
      else byAccount.set(key, [message]);
    }
    const queues = [...byAccount.values()];
    let failed = false;
    const worker = async () => {
      for (let queue = queues.shift(); queue && !failed; queue = queues.shift()) {
        try {
          for (const message of queue) await this.handleOne(batch, message);
          await batch.heartbeat();
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    // Any failure fails the batch: nothing is committed and kafkajs delivers it again. But only
    // once every send already under way has ended and been recorded, so that the redelivery finds
    // each message settled rather than in flight (leased, and left to a retry pass later).
    const outcomes = await Promise.allSettled(Array.from({ length: Math.min(ALERT_CONCURRENCY, queues.length) }, worker));
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async handleOne(batch: IncomingBatch, message: IncomingBatch['messages'][number]): Promise<void> {
    const parsed = parseMessage(message.value, alertMessageSchema);
    if (!parsed.ok) {
      this.log.warn({ msg: 'dead-lettering invalid alert', reason: describeFailure(parsed.error).slice(0, 500) });
      await this.publisher.publish(Topics.accountAlertsDlq, [deadLetter({ topic: batch.topic, partition: batch.partition, message }, parsed.error, new Date())]);
      return;
    }
    await this.sendAlert.send(parsed.value);
  }
}
