import { Controller, Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { PublicRoute } from './public-route';
import { READINESS_CHECKS, ReadinessChecks } from './readiness.checks';

@Controller('health')
@PublicRoute()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessChecks,
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
    return this.health.check(READINESS_CHECKS.map((check) => () => this.readiness.run(check)));
  }
}
