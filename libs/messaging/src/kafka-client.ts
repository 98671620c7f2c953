import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { loggableError } from '@sentinel/contracts';
import type { KafkaSettings } from './kafka-settings';
import { registerBoundedCodecs } from './bounded-codecs';
import { hardenKafkajsDecoder } from './kafkajs-decoder-hardening';
import { RepeatedErrors } from './repeated-errors';

// kafkajs logs through its own console writer; route it into the service's structured log.
// Broker error responses it is about to retry (a coordinator still loading, a leader moving) are
// warnings: they are routine at startup and during rebalances, and kafkajs reports real failures.
function logCreator() {
  const logger = new Logger('kafkajs');
  // A consumer retrying a failed batch, or a broker that stays away, repeats the same line for as long as it lasts.
  const repeated = new RepeatedErrors((line) => logger.error(line));
  return ({ level, log }: LogEntry) => {
    const { message, error, stack: _stack, ...extra } = log as LogEntry['log'] & { error?: unknown; stack?: unknown };
    const line = { msg: message, ...extra, ...(error === undefined ? {} : { error: loggableError(error) }) };
    const retried = message.startsWith('Response ');
    // KafkaBatchServer has already said which batch failed and why, once; kafkajs would say it on every retry.
    if (message === 'Error when calling eachBatch') return logger.debug?.(line);
    // Keyed without numbers: 'Restarting the consumer in 312ms' is one line however long each wait was.
    if (level === logLevel.ERROR && !retried) repeated.report(`${message}|${line.error?.message ?? ''}`.replace(/\d+/g, 'N'), line);
    else if (level <= logLevel.WARN) logger.warn(line);
    else logger.debug?.(line);
  };
}

export function createKafka(settings: KafkaSettings): Kafka {
  // The default partitioner is what we want (murmur2, like the Java client); silence the notice.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  // Any producer may compress with any codec, and any record may be a bomb: read all four, bounded.
  registerBoundedCodecs();
  hardenKafkajsDecoder();
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 10 },
  });
}
