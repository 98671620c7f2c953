import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { analystChangeBody, type AnalystChangeBody, newAnalystBody, type NewAnalystBody } from './analyst.schema';
import { AnalystsService } from './analysts.service';
import { CurrentAnalyst, MinRole, type SessionAnalyst } from './auth.decorators';
import { analyst, analystList } from './analyst.responses';

@Controller('api/analysts')
export class AnalystsController {
  constructor(private readonly analysts: AnalystsService) {}

  /** Everyone who can be assigned a case. */
  @Get()
  @ApiResponseOf(analystList)
  @ApiOperation({ summary: 'List the analysts' })
  list() {
    return this.analysts.list();
  }

  @Post()
  @MinRole('admin')
  @ApiBodyOf(newAnalystBody)
  @ApiResponseOf(analyst, 201)
  @ApiOperation({ summary: 'Add an analyst' })
  @ApiErrors('INVALID_BODY', 'USERNAME_TAKEN')
  async create(@Body(new ZodPipe(newAnalystBody)) body: NewAnalystBody, @CurrentAnalyst() by: SessionAnalyst) {
    return unwrap(await this.analysts.create(body, by));
  }

  /** Rename, change role, disable or reset a password; disabling or a new password ends the account's sessions. */
  @Patch(':id')
  @MinRole('admin')
  @ApiBodyOf(analystChangeBody)
  @ApiResponseOf(analyst)
  @ApiOperation({ summary: "Change an analyst's role, name or state" })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'ANALYST_NOT_FOUND', 'SELF_LOCKOUT')
  async change(@UuidParam('id', 'an analyst') id: string, @Body(new ZodPipe(analystChangeBody)) body: AnalystChangeBody, @CurrentAnalyst() by: SessionAnalyst) {
    return unwrap(await this.analysts.change(id, body, by));
  }
}
