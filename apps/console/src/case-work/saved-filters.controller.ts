import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { CurrentAnalyst, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { savedFilterBody, type SavedFilterBody, savedFilterPatch, type SavedFilterPatch } from './saved-filter.schema';
import { savedFilter, savedFilterList } from './case-work.responses';
import { SavedFiltersService } from './saved-filters.service';

const FilterId = () => UuidParam('id', 'a saved filter');

/** The signed-in analyst's saved queue filters and those their team shares; only the owner changes one. */
@Controller('api/saved-filters')
export class SavedFiltersController {
  constructor(private readonly filters: SavedFiltersService) {}

  @Get()
  @ApiResponseOf(savedFilterList)
  @ApiOperation({ summary: "List one's saved filters and the team's shared ones" })
  async list(@CurrentAnalyst() me: SessionAnalyst) {
    return { items: await this.filters.list(me) };
  }

  @Get(':id')
  @ApiResponseOf(savedFilter)
  @ApiOperation({ summary: 'One saved filter' })
  @ApiErrors('INVALID_ID', 'FILTER_NOT_FOUND')
  async get(@FilterId() id: string, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.filters.get(id, me));
  }

  @Post()
  @ApiBodyOf(savedFilterBody)
  @ApiResponseOf(savedFilter, 201)
  @ApiOperation({ summary: 'Save a filter' })
  @ApiErrors('INVALID_BODY', 'TOO_MANY_FILTERS', 'FILTER_NAME_TAKEN', 'NO_TEAM')
  async create(@Body(new ZodPipe(savedFilterBody)) body: SavedFilterBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.filters.create(body, me));
  }

  @Patch(':id')
  @ApiBodyOf(savedFilterPatch)
  @ApiResponseOf(savedFilter)
  @ApiOperation({ summary: "Rename, change or share (visibility) one of one's saved filters" })
  @ApiErrors('INVALID_ID', 'INVALID_BODY', 'FILTER_NOT_FOUND', 'FILTER_NOT_YOURS', 'FILTER_NAME_TAKEN', 'NO_TEAM')
  async update(@FilterId() id: string, @Body(new ZodPipe(savedFilterPatch)) body: SavedFilterPatch, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.filters.update(id, body, me));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a saved filter' })
  @ApiErrors('INVALID_ID', 'FILTER_NOT_FOUND', 'FILTER_NOT_YOURS')
  async remove(@FilterId() id: string, @CurrentAnalyst() me: SessionAnalyst) {
    unwrap(await this.filters.remove(id, me));
  }
}
