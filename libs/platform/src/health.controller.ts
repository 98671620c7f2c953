import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { type ConsumerProgress, KafkaHealthIndicator } from '@sentinel/messaging';
import type { Kafka } from 'kafkajs';
import { CONSUMER_PROGRESS, KAFKA } from './tokens';
import { PublicRoute } from './public-route';

@Controller('health')
@PublicRoute()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly kafkaIndicator: KafkaHealthIndicator,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CONSUMER_PROGRESS) private readonly progress: ConsumerProgress,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** The process is up and its event loop answers; restart it when this fails. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Dependencies answer and no partition is stuck; route traffic to it only while this passes.
   * A consumer that is up but cannot get past one offset is not doing its work.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres and Kafka answer and no partition is stuck' })
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('postgres', { timeout: 3000 }), () => this.kafkaIndicator.check('kafka', this.kafka), () => this.consumerCheck()]);
  }

  private consumerCheck() {
    const indicator = this.indicators.check('consumer');
    const stalled = this.progress.stalled();
    const stopped = this.progress.stopped();
    if (stopped) return indicator.down({ stopped, stalled });
    return stalled.length ? indicator.down({ stalled }) : indicator.up({ stalled: 0 });
  }
}
