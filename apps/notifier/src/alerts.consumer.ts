import { Controller, Inject, Logger, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type AlertMessage, alertMessageSchema, describeCause, failureReason, parseMessage, Topics } from '@sentinel/contracts';
import { deadLetter, DeadLetterSink, type IncomingBatch, MESSAGE_PUBLISHER, type MessagePublisher, RethrowToTransportFilter, skippedCause } from '@sentinel/messaging';
import { DATABASE, type Database, isRetryableFailure } from '@sentinel/persistence';
import { SendAlertService } from './send-alert.service';

/** Postgres or Kafka away, or a conflict: the batch fails and comes again. */
const retryable = (error: unknown) => isRetryableFailure(error) || (error instanceof Error && error.name.startsWith('KafkaJS'));

/** Alerts read, claimed, sent and recorded together: one statement each for up to this many. */
const ALERT_CHUNK = 500;

/** Heartbeats while a chunk is under way; kafkajs sends one only if its interval has passed. */
const HEARTBEAT_MS = 3000;

type Message = IncomingBatch['messages'][number];

@Controller()
// Failures reach the Kafka transport as thrown, which logs them once and masks them.
@UseFilters(RethrowToTransportFilter)
export class AlertsConsumer {
  private readonly log = new Logger(AlertsConsumer.name);
  private readonly deadLetters: DeadLetterSink;

  constructor(
    private readonly sendAlert: SendAlertService,
    @Inject(MESSAGE_PUBLISHER) publisher: MessagePublisher,
    @Inject(DATABASE) database: Database,
  ) {
    this.deadLetters = new DeadLetterSink(publisher, database);
  }

  @EventPattern(Topics.accountAlerts)
  async handle(@Payload() batch: IncomingBatch): Promise<void> {
    const alerts: { alert: AlertMessage; message: Message }[] = [];
    const rejected = [];
    for (const message of batch.messages) {
      const skipped = skippedCause(message);
      const parsed = skipped ? undefined : parseMessage(message.value, alertMessageSchema);
      if (parsed?.ok) {
        alerts.push({ alert: parsed.value, message });
        continue;
      }
      const failure = skipped ?? parsed!.error;
      rejected.push(deadLetter({ topic: batch.topic, partition: batch.partition, message }, failure, new Date()));
      this.log.warn({ msg: 'dead-lettering invalid alert', partition: batch.partition, offset: message.offset, reason: describeCause(failure).slice(0, 500) });
    }
    await this.deadLetters.send(Topics.accountAlertsDlq, rejected);
    // Any failure fails the batch: nothing is committed and kafkajs delivers it again. `sendAll`
    // throws only once every send it began has ended and been recorded, so that the redelivery
    // finds each message settled rather than in flight (leased, and left to a retry pass later).
    for (let from = 0; from < alerts.length; from += ALERT_CHUNK) {
      const chunk = alerts.slice(from, from + ALERT_CHUNK);
      let failures: { alert: AlertMessage; error: unknown }[];
      // A chunk's sends may outlast the session (an SMTP server that stops answering holds each
      // pooled connection until its socket timeout): the group must not take the partition away meanwhile.
      const beating = setInterval(() => {
        batch.heartbeat().catch((error: Error) => this.log.warn({ msg: 'heartbeat during a chunk of alerts failed', error: error.message }));
      }, HEARTBEAT_MS);
      try {
        failures = await this.sendAlert.sendAll(chunk.map(({ alert }) => ({ alert })));
      } catch (error) {
        if (retryable(error)) throw error;
        // One alert the store refuses fails the statement for all of them: each goes again on its
        // own, so that only that one is set aside.
        for (const one of chunk) await this.sendOne(batch, one);
        continue;
      } finally {
        clearInterval(beating);
      }
      for (const failure of failures)
        await this.setAside(
          batch,
          chunk.find((c) => c.alert === failure.alert)!,
          failure.error,
        );
      await batch.heartbeat();
    }
  }

  private async sendOne(batch: IncomingBatch, one: { alert: AlertMessage; message: Message }): Promise<void> {
    try {
      await this.sendAlert.send(one.alert);
    } catch (error) {
      await this.setAside(batch, one, error);
    }
  }

  /**
   * Refused by the store or thrown by our own code on this alert: it would fail the same way on
   * every redelivery and hold back every alert behind it, so it is set aside with its reason.
   */
  private async setAside(batch: IncomingBatch, { alert, message }: { alert: AlertMessage; message: Message }, error: unknown): Promise<void> {
    if (retryable(error)) throw error;
    const reason = failureReason(error);
    this.log.error({ msg: 'dead-lettering an alert that cannot be processed', alertId: alert.alertId, partition: batch.partition, offset: message.offset, reason });
    await this.deadLetters.send(Topics.accountAlertsDlq, [deadLetter({ topic: batch.topic, partition: batch.partition, message }, { code: 'UNPROCESSABLE', reason }, new Date())]);
  }
}
