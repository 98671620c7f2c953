import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Kafka } from 'kafkajs';

/** Ready when the cluster answers a metadata request within the timeout. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(key: string, kafka: Kafka, timeoutMs = 3000) {
    const indicator = this.indicators.check(key);
    const admin = kafka.admin({ retry: { retries: 0 } });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      const cluster = await Promise.race([admin.connect().then(() => admin.describeCluster()), timeout]);
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
      await admin.disconnect().catch(() => undefined);
    }
  }
}
