import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { KafkaSettings } from './kafka-settings';

// kafkajs logs through its own console writer; route it into the service's structured log.
// Broker error responses it is about to retry (a coordinator still loading, a leader moving) are
// warnings: they are routine at startup and during rebalances, and kafkajs reports real failures.
function logCreator() {
  const logger = new Logger('kafkajs');
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const line = { msg: message, ...extra };
    const retried = message.startsWith('Response ');
    if (level === logLevel.ERROR && !retried) logger.error(line);
    else if (level <= logLevel.WARN) logger.warn(line);
    else logger.debug?.(line);
  };
}

export function createKafka(settings: KafkaSettings): Kafka {
  // The default partitioner is what we want (murmur2, like the Java client); silence the notice.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 10 },
  });
}
