import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CurrentAnalyst, type SessionAnalyst } from '../auth/auth.decorators';
import { bulkOutcome } from '../case-work/case-work.responses';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { ringDecisionBody, type RingDecisionBody } from './ring-group.schema';
import { caseRingGroup, ringGroup } from './ring-group.responses';
import { RingGroupsService } from './ring-groups.service';

/** A ring as one investigation: its cases grouped, on one page, decided at once. */
@Controller('api')
export class RingGroupsController {
  constructor(private readonly groups: RingGroupsService) {}

  @Get('cases/:id/ring-group')
  @ApiResponseOf(caseRingGroup)
  @ApiOperation({ summary: 'The ring investigation a case is part of, if any' })
  @ApiErrors('INVALID_ID')
  ofCase(@UuidParam('id', 'a case') id: string) {
    return this.groups.ofCase(id);
  }

  /** Groups the unresolved cases of the case's ring (two hops out) as one investigation; a case already in one answers with it. */
  @Post('cases/:id/ring-group')
  @ApiResponseOf(ringGroup, 201)
  @ApiOperation({ summary: "Investigate a case's ring as one" })
  @ApiErrors('INVALID_ID', 'CASE_NOT_FOUND', 'RING_GROUP_NOT_FOUND')
  async create(@UuidParam('id', 'a case') id: string, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.groups.create(id, me));
  }

  @Get('ring-groups/:id')
  @ApiResponseOf(ringGroup)
  @ApiOperation({ summary: 'One ring investigation and its cases' })
  @ApiErrors('INVALID_ID', 'RING_GROUP_NOT_FOUND')
  async get(@UuidParam('id', 'a ring investigation') id: string) {
    return unwrap(await this.groups.get(id));
  }

  /**
   * One decision for the ring: every unresolved case is resolved with it, each through the single
   * action's path (refused on its own if someone else holds it), each in its own audit tagged with the group.
   */
  @Post('ring-groups/:id/decision')
  @HttpCode(200)
  @ApiBodyOf(ringDecisionBody)
  @ApiResponseOf(bulkOutcome)
  @ApiOperation({ summary: 'Decide every case of a ring investigation at once' })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'RING_GROUP_NOT_FOUND', 'ROLE_REQUIRED')
  async decide(@UuidParam('id', 'a ring investigation') id: string, @Body(new ZodPipe(ringDecisionBody)) body: RingDecisionBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.groups.decide(id, body, me));
  }
}
