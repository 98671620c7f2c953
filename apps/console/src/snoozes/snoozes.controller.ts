import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { CurrentAnalyst, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { accountId, snoozeBody, type SnoozeBody } from './snooze.schema';
import { SnoozesService } from './snoozes.service';
import { snooze, snoozeList } from './snooze.responses';

const AccountId = () => Param('accountId', new ZodPipe(accountId, 'INVALID_ID', 'accountId'));

@Controller('api')
export class SnoozesController {
  constructor(private readonly snoozes: SnoozesService) {}

  @Get('accounts/:accountId/snoozes')
  @ApiResponseOf(snoozeList)
  @ApiOperation({ summary: "An account's rule snoozes" })
  @ApiErrors('INVALID_ID')
  list(@AccountId() account: string) {
    return this.snoozes.list(account);
  }

  /** Quiets one rule for this account until a date: a known-benign pattern, with the reason. */
  @Post('accounts/:accountId/snoozes')
  @ApiBodyOf(snoozeBody)
  @ApiResponseOf(snooze, 201)
  @ApiOperation({ summary: 'Snooze a rule for an account' })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'SUPERVISOR_REQUIRED')
  async create(@AccountId() account: string, @Body(new ZodPipe(snoozeBody)) body: SnoozeBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.snoozes.create(account, body, me));
  }

  @Delete('snoozes/:id')
  @ApiResponseOf(snooze)
  @ApiOperation({ summary: 'Lift a snooze' })
  @ApiErrors('INVALID_ID', 'SNOOZE_NOT_FOUND', 'SNOOZE_LIFTED')
  async lift(@UuidParam('id', 'a snooze') id: string, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.snoozes.lift(id, me));
  }
}
