import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiQueryOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { caseRing } from './ring.responses';
import { RING_LIMITS, RING_MAX_NODES } from './ring-bounds';
import { RingService } from './ring.service';

const ringQuery = z.strictObject({
  hops: z
    .enum(['1', '2'])
    .default('2')
    .transform((h) => Number(h) as 1 | 2),
  around: z.string().min(1).max(200).optional().describe("expand from this account instead of the case's own: a node the analyst clicked"),
  nodes: z.coerce
    .number()
    .int()
    .min(2)
    .max(RING_MAX_NODES)
    .default(RING_LIMITS.maxNodes)
    .describe(`accounts on the graph at most, the centre's included (default ${RING_LIMITS.maxNodes}, at most ${RING_MAX_NODES})`),
});

@Controller('api/cases')
export class RingController {
  constructor(private readonly rings: RingService) {}

  /**
   * The accounts sharing a device, IP, card fingerprint or merchant with the case's account, one or
   * two hops out, each with its open (or newest) case; bounded, with `truncated` saying where it was cut.
   * With `around`, the same from another account (a node the analyst expands), for the page to merge.
   */
  @Get(':id/ring')
  @ApiQueryOf(ringQuery)
  @ApiResponseOf(caseRing)
  @ApiOperation({ summary: 'The accounts around a case that share its entities' })
  @ApiErrors('INVALID_ID', 'INVALID_QUERY', 'CASE_NOT_FOUND')
  async ring(@UuidParam('id', 'a case') id: string, @Query(new ZodPipe(ringQuery, 'INVALID_QUERY')) query: z.infer<typeof ringQuery>) {
    return unwrap(await this.rings.ring(id, { hops: query.hops, around: query.around, maxNodes: query.nodes }));
  }
}
