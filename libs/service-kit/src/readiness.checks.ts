import { Inject, Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { type ConsumerProgress, KafkaHealthIndicator } from '@sentinel/messaging';
import type { Kafka } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';
import { METRICS } from './metrics';
import { CONSUMER_PROGRESS, KAFKA } from './tokens';

export const READINESS_CHECKS = ['postgres', 'kafka', 'consumer'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

/**
 * What /health/ready asks, one check at a time. /metrics asks the same checks at every scrape
 * (sentinel_ready{check}), so a service Prometheus still scrapes but a load balancer has taken
 * out of rotation pages too, naming the dependency it cannot reach.
 */
@Injectable()
export class ReadinessChecks {
  constructor(
    private readonly db: TypeOrmHealthIndicator,
    private readonly kafkaIndicator: KafkaHealthIndicator,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CONSUMER_PROGRESS) private readonly progress: ConsumerProgress,
    private readonly indicators: HealthIndicatorService,
    @Inject(METRICS) registry: Registry,
  ) {
    const passes = (check: ReadinessCheck) => this.passes(check);
    new Gauge({
      name: 'sentinel_ready',
      help: 'Per readiness check of /health/ready (postgres, kafka, consumer), 1 while it passes and 0 while it fails, asked at each scrape',
      labelNames: ['check'],
      registers: [registry],
      async collect() {
        const passing = await Promise.all(READINESS_CHECKS.map(async (check) => [check, await passes(check)] as const));
        for (const [check, up] of passing) this.set({ check }, up ? 1 : 0);
      },
    });
  }

  run(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    switch (check) {
      case 'postgres':
        return this.db.pingCheck('postgres', { timeout: 3000 });
      case 'kafka':
        return this.kafkaIndicator.check('kafka', this.kafka);
      case 'consumer':
        return Promise.resolve(this.consumerCheck());
    }
  }

  private async passes(check: ReadinessCheck): Promise<boolean> {
    // An indicator that throws instead of reporting down fails /health/ready as well.
    const result = await this.run(check).catch(() => undefined);
    return result?.[check]?.status === 'up';
  }

  private consumerCheck() {
    const indicator = this.indicators.check('consumer');
    const stalled = this.progress.stalled();
    const stopped = this.progress.stopped();
    if (stopped) return indicator.down({ stopped, stalled });
    return stalled.length ? indicator.down({ stalled }) : indicator.up({ stalled: 0 });
  }
}
