import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FlaggedMerchantEntity } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';

/** Merchants and partner channels flagged by the roll-up, with the accounts behind each. */
@Controller('api/merchants')
export class MerchantsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  async list() {
    const items = await this.dataSource.getRepository(FlaggedMerchantEntity).find({ order: { updatedAt: 'DESC' }, take: 200 });
    return { items };
  }
}
