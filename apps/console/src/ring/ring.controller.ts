import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiQueryOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { caseRing } from './ring.responses';
import { RingService } from './ring.service';

const ringQuery = z.strictObject({
  hops: z
    .enum(['1', '2'])
    .default('2')
    .transform((h) => Number(h) as 1 | 2),
});

@Controller('api/cases')
export class RingController {
  constructor(private readonly rings: RingService) {}

  /**
   * The accounts sharing a device, IP, card fingerprint or merchant with the case's account, one or
   * two hops out, each with its open (or newest) case; bounded, with `truncated` saying where it was cut.
   */
  @Get(':id/ring')
  @ApiQueryOf(ringQuery)
  @ApiResponseOf(caseRing)
  @ApiOperation({ summary: 'The accounts around a case that share its entities' })
  @ApiErrors('INVALID_ID', 'INVALID_QUERY', 'CASE_NOT_FOUND')
  async ring(@UuidParam('id', 'a case') id: string, @Query(new ZodPipe(ringQuery, 'INVALID_QUERY')) query: z.infer<typeof ringQuery>) {
    return unwrap(await this.rings.ring(id, query.hops));
  }
}
