import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { CurrentAnalyst, MinRole, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { approvalDecisionBody, type ApprovalDecisionBody } from './approval.schema';
import { approvalDecision, approvalList } from './approval.responses';
import { ApprovalsService } from './approvals.service';

const ApprovalId = () => UuidParam('id', 'an approval request');

/** Four eyes: what waits for a second person, and that person's decision. */
@Controller('api/approvals')
@MinRole('analyst')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  /** Pending requests the caller may decide: case resolutions, and for supervisors and admins rule-set publications too. */
  @Get()
  @ApiResponseOf(approvalList)
  @ApiOperation({ summary: 'Requests awaiting a second approval' })
  pending(@CurrentAnalyst() me: SessionAnalyst) {
    return this.approvals.pending(me);
  }

  /** Carries the request out, as its requester asked; never by the requester. */
  @Post(':id/approve')
  @HttpCode(200)
  @ApiBodyOf(approvalDecisionBody)
  @ApiResponseOf(approvalDecision)
  @ApiOperation({ summary: 'Approve a request' })
  @ApiErrors(
    'INVALID_ID',
    'INVALID_BODY',
    'ROLE_REQUIRED',
    'CASE_NOT_FOUND',
    'APPROVAL_NOT_FOUND',
    'OWN_APPROVAL',
    'APPROVAL_DECIDED',
    'RULE_SET_CHANGED',
    'CASE_RESOLVED',
    'INVALID_RULE_CHANGE',
    'RULE_SET_NOT_FOUND',
    'ROLLBACK_NOT_EARLIER',
    'ROLLBACK_NO_CHANGE',
  )
  async approve(@ApprovalId() id: string, @Body(new ZodPipe(approvalDecisionBody)) body: ApprovalDecisionBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.approvals.approve(id, body.note, me));
  }

  /** Leaves everything as it was; the rejection, with its note, is audited. */
  @Post(':id/reject')
  @HttpCode(200)
  @ApiBodyOf(approvalDecisionBody)
  @ApiResponseOf(approvalDecision)
  @ApiOperation({ summary: 'Reject a request' })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'ROLE_REQUIRED', 'APPROVAL_NOT_FOUND', 'CASE_NOT_FOUND', 'OWN_APPROVAL', 'APPROVAL_DECIDED')
  async reject(@ApprovalId() id: string, @Body(new ZodPipe(approvalDecisionBody)) body: ApprovalDecisionBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.approvals.reject(id, body.note, me));
  }
}
