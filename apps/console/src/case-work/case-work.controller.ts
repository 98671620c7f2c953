import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { LOCALES } from '@sentinel/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentAnalyst, type SessionAnalyst } from '../auth/auth.decorators';
import { caseFiltersQuery } from '../cases/case-list.query';
import { pageLocale } from '../verify/verify-locale';
import { ApiBodyOf, ApiQueryOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { bulkBody, type BulkBody } from './case-bulk.schema';
import { CaseBulkService } from './case-bulk.service';
import { CaseExportService } from './case-export.service';
import { bulkOutcome } from './case-work.responses';

/** The queue's filters, and the language the file is for: the console's own, else the browser's. */
const exportQuery = caseFiltersQuery.extend({ lang: z.enum(LOCALES).optional().describe("headers and codes in this language; the browser's Accept-Language otherwise") });

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
  async apply(@Body(new ZodPipe(bulkBody)) body: BulkBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.bulk.apply(body, me));
  }

  /** The queue under the same filters and sort as CSV, contacts masked; audited. */
  @Get('export')
  @ApiQueryOf(exportQuery)
  @ApiOperation({ summary: 'Export the filtered queue as CSV' })
  @ApiErrors('INVALID_QUERY', 'EXPORT_TOO_LARGE')
  @ApiResponse({
    status: 200,
    description: 'The cases as CSV, one row each, as an attachment.',
    headers: { 'x-export-rows': { description: 'how many cases the file holds', schema: { type: 'integer' } } },
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async export(
    @Query(new ZodPipe(exportQuery, 'INVALID_QUERY')) query: z.infer<typeof exportQuery>,
    @CurrentAnalyst() me: SessionAnalyst,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { lang, ...filters } = query;
    const { filename, csv, rows } = unwrap(await this.exporter.export(filters, me, pageLocale(lang, req.headers['accept-language'], 'en')));
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    res.setHeader('x-export-rows', String(rows));
    return csv;
  }
}
