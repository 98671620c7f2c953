import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { CurrentAnalyst, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { savedFilterBody, type SavedFilterBody, savedFilterPatch, type SavedFilterPatch } from './saved-filter.schema';
import { savedFilter, savedFilterList } from './case-work.responses';
import { SavedFiltersService } from './saved-filters.service';

const FilterId = () => UuidParam('id', 'a saved filter');

/** The signed-in analyst's own saved queue filters; nobody else's are visible or changeable. */
@Controller('api/saved-filters')
export class SavedFiltersController {
  constructor(private readonly filters: SavedFiltersService) {}

  @Get()
  @ApiResponseOf(savedFilterList)
  async list(@CurrentAnalyst() me: SessionAnalyst) {
    return { items: await this.filters.list(me) };
  }

  @Get(':id')
  @ApiResponseOf(savedFilter)
  get(@FilterId() id: string, @CurrentAnalyst() me: SessionAnalyst) {
    return this.filters.get(id, me);
  }

  @Post()
  @ApiBodyOf(savedFilterBody)
  @ApiResponseOf(savedFilter, 201)
  create(@Body(new ZodPipe(savedFilterBody)) body: SavedFilterBody, @CurrentAnalyst() me: SessionAnalyst) {
    return this.filters.create(body, me);
  }

  @Patch(':id')
  @ApiBodyOf(savedFilterPatch)
  @ApiResponseOf(savedFilter)
  update(@FilterId() id: string, @Body(new ZodPipe(savedFilterPatch)) body: SavedFilterPatch, @CurrentAnalyst() me: SessionAnalyst) {
    return this.filters.update(id, body, me);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@FilterId() id: string, @CurrentAnalyst() me: SessionAnalyst) {
    await this.filters.remove(id, me);
  }
}
