import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ENTITY_KINDS, type EntityKind } from '@sentinel/rules';
import { z } from 'zod';
import { ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { EntityLinksService } from './entity-links.service';
import { linkedAccounts } from './entity.responses';

const kind = z.enum(ENTITY_KINDS, { error: `kind must be one of ${ENTITY_KINDS.join(', ')}` });
const value = z.string().min(1, 'value must not be empty').max(128, 'value must be at most 128 characters');

/** Pivots from a card fingerprint, device, IP or merchant to the accounts it ties together. */
@Controller('api/entities')
export class EntitiesController {
  constructor(private readonly links: EntityLinksService) {}

  /** Accounts linked to the entity (how, and over which event-time span) and every case on them. */
  @Get(':kind/:value')
  @ApiParam({ name: 'kind', enum: ENTITY_KINDS })
  @ApiResponseOf(linkedAccounts)
  @ApiOperation({ summary: 'The accounts linked to an entity' })
  @ApiErrors('INVALID_ID', 'ENTITY_NOT_FOUND')
  async linked(@Param('kind', new ZodPipe(kind, 'INVALID_ID', 'kind')) entityKind: EntityKind, @Param('value', new ZodPipe(value, 'INVALID_ID', 'value')) entityValue: string) {
    return unwrap(await this.links.linked({ kind: entityKind, value: entityValue }));
  }
}
