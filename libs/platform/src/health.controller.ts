import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaHealthIndicator } from '@sentinel/messaging';
import type { Kafka } from 'kafkajs';
import { KAFKA } from './tokens';
import { PublicRoute } from './public-route';

@Controller('health')
@PublicRoute()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly kafkaIndicator: KafkaHealthIndicator,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  /** The process is up and its event loop answers; restart it when this fails. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Dependencies answer; route traffic to it only while this passes. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 3000 }),
      () => this.kafkaIndicator.check('kafka', this.kafka),
    ]);
  }
}
