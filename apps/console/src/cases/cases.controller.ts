import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CurrentAnalyst, MinRole, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiQueryOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { assignBody, type AssignBody, escalateBody, noteBody, reopenBody, revealBody, type RevealBody, statusBody, type StatusBody } from './case-action.schema';
import { CaseActionsService } from './case-actions.service';
import { CaseDetailService } from './case-detail.service';
import { listCasesQuery, type ListCasesQuery } from './case-list.query';
import { CaseQueueService } from './case-queue.service';
import { caseAction, caseDetail, caseNote, casePage, nextCase, revealed } from './case.responses';
import { CaseRoutingService } from './case-routing.service';

const CaseId = () => UuidParam('id', 'a case');

@Controller('api/cases')
export class CasesController {
  constructor(
    private readonly queue: CaseQueueService,
    private readonly details: CaseDetailService,
    private readonly actions: CaseActionsService,
    private readonly routing: CaseRoutingService,
  ) {}

  /**
   * Takes the highest-priority case nobody holds that the caller may work (not escalated, for an
   * analyst) and claims it for them; `case` is null when none is waiting.
   */
  @Post('next')
  @HttpCode(200)
  @ApiResponseOf(nextCase)
  @ApiOperation({ summary: 'Take and claim the next case' })
  next(@CurrentAnalyst() me: SessionAnalyst) {
    return this.routing.next(me);
  }

  /** The queue, filtered and sorted, a page at a time; `nextCursor` fetches the next page. */
  @Get()
  @ApiQueryOf(listCasesQuery)
  @ApiResponseOf(casePage)
  @ApiOperation({ summary: 'The case queue, a page at a time' })
  @ApiErrors('INVALID_QUERY')
  async list(@Query(new ZodPipe(listCasesQuery, 'INVALID_QUERY')) query: ListCasesQuery, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.queue.list(query, me));
  }

  /** Timeline, hits with evidence, rule-set versions, alerts with attempts, answers, notes, audit trail. */
  @Get(':id')
  @ApiResponseOf(caseDetail)
  @ApiOperation({ summary: 'One case in full' })
  @ApiErrors('INVALID_ID', 'CASE_NOT_FOUND')
  async detail(@CaseId() id: string) {
    return unwrap(await this.details.detail(id));
  }

  /** Takes the case; refused (409, naming the holder) while another analyst holds it. */
  @Post(':id/claim')
  @HttpCode(200)
  @ApiResponseOf(caseAction)
  @ApiOperation({ summary: 'Claim a case' })
  @ApiErrors('INVALID_ID', 'CASE_NOT_FOUND', 'CASE_HELD', 'CASE_RESOLVED', 'ESCALATED')
  async claim(@CaseId() id: string, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.actions.claim(id, me));
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiResponseOf(caseAction)
  @ApiOperation({ summary: 'Release a case' })
  @ApiErrors('INVALID_ID', 'CASE_NOT_FOUND', 'CASE_HELD', 'CASE_RESOLVED')
  async release(@CaseId() id: string, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.actions.release(id, me));
  }

  /** A supervisor hands the case to an analyst. */
  @Post(':id/assign')
  @HttpCode(200)
  @MinRole('supervisor')
  @ApiBodyOf(assignBody)
  @ApiResponseOf(caseAction)
  @ApiOperation({ summary: 'Assign a case to an analyst' })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'CASE_NOT_FOUND', 'CASE_RESOLVED')
  async assign(@CaseId() id: string, @Body(new ZodPipe(assignBody)) body: AssignBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.actions.assign(id, body.analystId, me, body.reason ? { reason: body.reason } : {}));
  }

  /** open → in_review → resolved (fraud_confirmed, legitimate or inconclusive); in_review → open hands it back. */
  @Post(':id/status')
  @HttpCode(200)
  @ApiBodyOf(statusBody)
  @ApiResponseOf(caseAction)
  @ApiOperation({ summary: 'Move a case to another status' })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'CASE_NOT_FOUND', 'CASE_HELD', 'INVALID_TRANSITION', 'ESCALATED', 'APPROVAL_PENDING')
  async status(@CaseId() id: string, @Body(new ZodPipe(statusBody)) body: StatusBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.actions.changeStatus(id, body, me));
  }

  /** A supervisor reopens a resolved case, saying why; the reason is a note and in the audit trail. */
  @Post(':id/reopen')
  @HttpCode(200)
  @MinRole('supervisor')
  @ApiBodyOf(reopenBody)
  @ApiResponseOf(caseAction)
  @ApiOperation({ summary: 'Reopen a resolved case' })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'CASE_NOT_FOUND', 'NOT_RESOLVED', 'ANOTHER_CASE_OPEN')
  async reopen(@CaseId() id: string, @Body(new ZodPipe(reopenBody)) body: { reason: string }, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.actions.reopen(id, body.reason, me));
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @ApiBodyOf(escalateBody)
  @ApiResponseOf(caseAction)
  @ApiOperation({ summary: 'Escalate a case' })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'CASE_NOT_FOUND', 'CASE_HELD', 'CASE_RESOLVED')
  async escalate(@CaseId() id: string, @Body(new ZodPipe(escalateBody)) body: { reason: string }, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.actions.escalate(id, body.reason, me));
  }

  @Post(':id/notes')
  @ApiBodyOf(noteBody)
  @ApiResponseOf(caseNote, 201)
  @ApiOperation({ summary: 'Add a note to a case' })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'CASE_NOT_FOUND')
  async addNote(@CaseId() id: string, @Body(new ZodPipe(noteBody)) body: { body: string }, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.actions.addNote(id, body.body, me));
  }

  /** Shows one masked field in full to a supervisor; the reveal is audited. */
  @Post(':id/reveal')
  @HttpCode(200)
  @MinRole('supervisor')
  @ApiBodyOf(revealBody)
  @ApiResponseOf(revealed)
  @ApiOperation({ summary: 'Reveal one masked field of a case' })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'CASE_NOT_FOUND', 'FIELD_NOT_FOUND')
  async reveal(@CaseId() id: string, @Body(new ZodPipe(revealBody)) body: RevealBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.actions.reveal(id, body, me));
  }
}
