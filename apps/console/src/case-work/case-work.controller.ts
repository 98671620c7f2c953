import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiErrors } from '@sentinel/platform';
import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAnalyst, type SessionAnalyst } from '../auth/auth.decorators';
import { caseFiltersQuery, type CaseFiltersQuery } from '../cases/case-list.query';
import { ApiBodyOf, ApiQueryOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { bulkBody, type BulkBody } from './case-bulk.schema';
import { CaseBulkService } from './case-bulk.service';
import { CaseExportService } from './case-export.service';
import { bulkOutcome } from './case-work.responses';

/** Work on many cases at once: bulk actions and the CSV export of the filtered queue. */
@Controller('api/cases')
export class CaseWorkController {
  constructor(
    private readonly bulk: CaseBulkService,
    private readonly exporter: CaseExportService,
  ) {}

  /**
   * Assigns, escalates or resolves up to 200 cases with one reason. Each case gets its own result
   * (done, or refused with the code and words the single action would give) and its own audit entry.
   */
  @Post('bulk')
  @HttpCode(200)
  @ApiBodyOf(bulkBody)
  @ApiResponseOf(bulkOutcome)
  @ApiOperation({ summary: 'Act on many cases at once' })
  @ApiErrors('INVALID_BODY', 'ROLE_REQUIRED')
  apply(@Body(new ZodPipe(bulkBody)) body: BulkBody, @CurrentAnalyst() me: SessionAnalyst) {
    return this.bulk.apply(body, me);
  }

  /** The queue under the same filters and sort as CSV, contacts masked; audited. */
  @Get('export')
  @ApiQueryOf(caseFiltersQuery)
  @ApiOperation({ summary: 'Export the filtered queue as CSV' })
  @ApiErrors('INVALID_QUERY', 'EXPORT_TOO_LARGE')
  @ApiResponse({
    status: 200,
    description: 'The cases as CSV, one row each, as an attachment.',
    headers: { 'x-export-rows': { description: 'how many cases the file holds', schema: { type: 'integer' } } },
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async export(
    @Query(new ZodPipe(caseFiltersQuery, 'INVALID_QUERY')) query: CaseFiltersQuery,
    @CurrentAnalyst() me: SessionAnalyst,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { filename, csv, rows } = await this.exporter.export(query, me);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    res.setHeader('x-export-rows', String(rows));
    return csv;
  }
}
