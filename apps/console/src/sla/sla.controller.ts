import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@sentinel/service-kit';
import { z } from 'zod';
import { CurrentAnalyst, MinRole, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { notificationList, slaBreachCount, slaBreachList } from './sla.responses';
import { SlaService } from './sla.service';

const markReadBody = z.strictObject({ upTo: z.string().regex(/^\d{1,18}$/, 'the id of the newest notification read') });

@Controller('api')
export class SlaController {
  constructor(private readonly sla: SlaService) {}

  /** Unresolved cases past CASE_SLA_MINUTES, longest over first, with their holder and whether the SLA pass escalated them. */
  @Get('sla/breaches')
  @MinRole('supervisor')
  @ApiResponseOf(slaBreachList)
  @ApiOperation({ summary: 'Cases past their SLA target' })
  breaches() {
    return this.sla.breaches();
  }

  @Get('sla/breaches/count')
  @MinRole('supervisor')
  @ApiResponseOf(slaBreachCount)
  @ApiOperation({ summary: 'How many cases are past their SLA target' })
  breachCount() {
    return this.sla.breachCount();
  }

  /** The caller's notifications (supervisors get one per case the SLA pass escalates), newest first, and how many are unread. */
  @Get('notifications')
  @ApiResponseOf(notificationList)
  @ApiOperation({ summary: 'My notifications' })
  notifications(@CurrentAnalyst() me: SessionAnalyst) {
    return this.sla.notifications(me);
  }

  @Post('notifications/read')
  @HttpCode(204)
  @ApiBodyOf(markReadBody)
  @ApiOperation({ summary: 'Mark my notifications read, up to the newest one shown' })
  @ApiErrors('INVALID_BODY')
  async markRead(@Body(new ZodPipe(markReadBody)) body: { upTo: string }, @CurrentAnalyst() me: SessionAnalyst) {
    await this.sla.markRead(me, body.upTo);
  }
}
