import { Controller, Inject, Logger, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { alertMessageSchema, describeFailure, failureReason, parseMessage, Topics } from '@sentinel/contracts';
import { deadLetter, type IncomingBatch, MESSAGE_PUBLISHER, type MessagePublisher, RethrowToTransportFilter } from '@sentinel/messaging';
import { isRetryableFailure } from '@sentinel/persistence';
import { SendAlertService } from './send-alert.service';

/** Postgres or Kafka away, or a conflict: the batch fails and comes again. */
const retryable = (error: unknown) => isRetryableFailure(error) || (error instanceof Error && error.name.startsWith('KafkaJS'));

/** Alerts handled at once per batch, each borrower's in order. */
const ALERT_CONCURRENCY = 16;

@Controller()
// Failures reach the Kafka transport as thrown, which logs them once and masks them.
@UseFilters(RethrowToTransportFilter)
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
    try {
      await this.sendAlert.send(parsed.value);
    } catch (error) {
      if (retryable(error)) throw error;
      // Refused by the store or thrown by our own code on this alert: it would fail the same way on
      // every redelivery and hold back every alert behind it, so it is set aside with its reason.
      const reason = failureReason(error);
      this.log.error({ msg: 'dead-lettering an alert that cannot be processed', alertId: parsed.value.alertId, partition: batch.partition, offset: message.offset, reason });
      await this.publisher.publish(Topics.accountAlertsDlq, [
        deadLetter({ topic: batch.topic, partition: batch.partition, message }, { code: 'UNPROCESSABLE', reason }, new Date()),
      ]);
    }
  }
}
