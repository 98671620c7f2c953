import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CurrentAnalyst, MinRole, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiQueryOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { assignBody, escalateBody, noteBody, reopenBody, revealBody, type RevealBody, statusBody, type StatusBody } from './case-action.schema';
import { CaseActionsService } from './case-actions.service';
import { CaseDetailService } from './case-detail.service';
import { listCasesQuery, type ListCasesQuery } from './case-list.query';
import { CaseQueueService } from './case-queue.service';
import { caseAction, caseDetail, caseNote, casePage, revealed } from './case.responses';

const CaseId = () => UuidParam('id', 'a case');

@Controller('api/cases')
export class CasesController {
  constructor(
    private readonly queue: CaseQueueService,
    private readonly details: CaseDetailService,
    private readonly actions: CaseActionsService,
  ) {}

  /** The queue, filtered and sorted, a page at a time; `nextCursor` fetches the next page. */
  @Get()
  @ApiQueryOf(listCasesQuery)
  @ApiResponseOf(casePage)
  list(@Query(new ZodPipe(listCasesQuery, 'INVALID_QUERY')) query: ListCasesQuery, @CurrentAnalyst() me: SessionAnalyst) {
    return this.queue.list(query, me);
  }

  /** Timeline, hits with evidence, rule-set versions, alerts with attempts, answers, notes, audit trail. */
  @Get(':id')
  @ApiResponseOf(caseDetail)
  detail(@CaseId() id: string) {
    return this.details.detail(id);
  }

  /** Takes the case; refused (409, naming the holder) while another analyst holds it. */
  @Post(':id/claim')
  @HttpCode(200)
  @ApiResponseOf(caseAction)
  claim(@CaseId() id: string, @CurrentAnalyst() me: SessionAnalyst) {
    return this.actions.claim(id, me);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiResponseOf(caseAction)
  release(@CaseId() id: string, @CurrentAnalyst() me: SessionAnalyst) {
    return this.actions.release(id, me);
  }

  /** A supervisor hands the case to an analyst. */
  @Post(':id/assign')
  @HttpCode(200)
  @MinRole('supervisor')
  @ApiBodyOf(assignBody)
  @ApiResponseOf(caseAction)
  assign(@CaseId() id: string, @Body(new ZodPipe(assignBody)) body: { analystId: string }, @CurrentAnalyst() me: SessionAnalyst) {
    return this.actions.assign(id, body.analystId, me);
  }

  /** open → in_review → resolved (fraud_confirmed, legitimate or inconclusive); in_review → open hands it back. */
  @Post(':id/status')
  @HttpCode(200)
  @ApiBodyOf(statusBody)
  @ApiResponseOf(caseAction)
  status(@CaseId() id: string, @Body(new ZodPipe(statusBody)) body: StatusBody, @CurrentAnalyst() me: SessionAnalyst) {
    return this.actions.changeStatus(id, body, me);
  }

  /** A supervisor reopens a resolved case, saying why; the reason is a note and in the audit trail. */
  @Post(':id/reopen')
  @HttpCode(200)
  @MinRole('supervisor')
  @ApiBodyOf(reopenBody)
  @ApiResponseOf(caseAction)
  reopen(@CaseId() id: string, @Body(new ZodPipe(reopenBody)) body: { reason: string }, @CurrentAnalyst() me: SessionAnalyst) {
    return this.actions.reopen(id, body.reason, me);
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @ApiBodyOf(escalateBody)
  @ApiResponseOf(caseAction)
  escalate(@CaseId() id: string, @Body(new ZodPipe(escalateBody)) body: { reason: string }, @CurrentAnalyst() me: SessionAnalyst) {
    return this.actions.escalate(id, body.reason, me);
  }

  @Post(':id/notes')
  @ApiBodyOf(noteBody)
  @ApiResponseOf(caseNote, 201)
  addNote(@CaseId() id: string, @Body(new ZodPipe(noteBody)) body: { body: string }, @CurrentAnalyst() me: SessionAnalyst) {
    return this.actions.addNote(id, body.body, me);
  }

  /** Shows one masked field in full to a supervisor; the reveal is audited. */
  @Post(':id/reveal')
  @HttpCode(200)
  @MinRole('supervisor')
  @ApiBodyOf(revealBody)
  @ApiResponseOf(revealed)
  reveal(@CaseId() id: string, @Body(new ZodPipe(revealBody)) body: RevealBody, @CurrentAnalyst() me: SessionAnalyst) {
    return this.actions.reveal(id, body, me);
  }
}
