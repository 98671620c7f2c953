import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, refuse } from '@sentinel/service-kit';
import { Controller, Get, Param } from '@nestjs/common';
import { FlaggedMerchants } from '@sentinel/persistence';
import { z } from 'zod';
import { ZodPipe } from '../zod.pipe';
import { merchantDetail, merchantList } from './merchant.responses';
import { ApiResponseOf } from '../openapi';

const merchantId = z.string().min(1).max(100);

/** Merchants and partner channels flagged by the roll-up, with the accounts behind each. */
@Controller('api/merchants')
export class MerchantsController {
  constructor(private readonly merchants: FlaggedMerchants) {}

  @Get()
  @ApiResponseOf(merchantList)
  @ApiOperation({ summary: 'Flagged merchants' })
  async list() {
    const items = await this.merchants.list();
    return { items };
  }

  /** One merchant: every flagged or "not me" account, with its case and where that case stands. */
  @Get(':merchantId')
  @ApiResponseOf(merchantDetail)
  @ApiOperation({ summary: "One merchant's flags and accounts" })
  @ApiErrors('INVALID_ID', 'MERCHANT_NOT_FOUND')
  async detail(@Param('merchantId', new ZodPipe(merchantId, 'INVALID_ID', 'merchantId')) id: string) {
    const merchant = await this.merchants.get(id);
    const accounts = await this.merchants.accounts(id);
    if (!merchant && accounts.length === 0) return refuse('MERCHANT_NOT_FOUND', `no flags for merchant ${id}`);
    return { merchant, accounts };
  }
}
