import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@sentinel/service-kit';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { ApiQueryOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { stats } from './stats.responses';
import { ConsoleStats } from '@sentinel/persistence';

const statsQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(90).default(14) });

/**
 * How the team and the alerts are doing, per day in the platform's time zone: cases opened and
 * closed, time to first analyst action, messages sent and delivered per channel, answer rate,
 * responses by tier, and each queue's and analyst's work (intake, backlog, past target, time to
 * first touch and to resolve, outcomes).
 */
@Controller('api/metrics')
export class StatsController {
  constructor(
    private readonly stats: ConsoleStats,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get()
  @ApiQueryOf(statsQuery)
  @ApiResponseOf(stats)
  @ApiOperation({ summary: 'Queue and detection figures over recent days' })
  @ApiErrors('INVALID_QUERY')
  async overview(@Query(new ZodPipe(statsQuery, 'INVALID_QUERY')) { days }: z.infer<typeof statsQuery>) {
    const tz = this.config.timeZone;
    const [{ daily, firstAction, channels, answers, reasons, tiers }, { queues, analysts }] = await Promise.all([
      this.stats.overview(days, tz),
      this.stats.workload(days, tz, this.config.caseSlaMinutes),
    ]);
    const [a] = answers;
    return {
      days,
      timeZone: tz,
      daily,
      firstAction: firstAction[0],
      channels,
      answers: { ...a, rate: a.alerted ? Math.round((a.answered / a.alerted) * 1000) / 1000 : null },
      resolutionReasons: reasons,
      tiers,
      workload: { slaMinutes: this.config.caseSlaMinutes, queues, analysts },
    };
  }
}
