import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@sentinel/service-kit';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FlaggedMerchantEntity } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ZodPipe } from '../zod.pipe';
import { merchantDetail, merchantList } from './merchant.responses';
import { ApiResponseOf } from '../openapi';

const merchantId = z.string().min(1).max(100);

interface MerchantAccount {
  accountId: string;
  reasons: string[];
  firstAt: Date;
  lastAt: Date;
  caseId: string | null;
  caseStatus: string | null;
  caseResolution: string | null;
}

/** Merchants and partner channels flagged by the roll-up, with the accounts behind each. */
@Controller('api/merchants')
export class MerchantsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiResponseOf(merchantList)
  @ApiOperation({ summary: 'Flagged merchants' })
  async list() {
    const items = await this.dataSource.getRepository(FlaggedMerchantEntity).find({ order: { updatedAt: 'DESC' }, take: 200 });
    return { items };
  }

  /** One merchant: every flagged or "not me" account, with its case and where that case stands. */
  @Get(':merchantId')
  @ApiResponseOf(merchantDetail)
  @ApiOperation({ summary: "One merchant's flags and accounts" })
  @ApiErrors('INVALID_ID', 'MERCHANT_NOT_FOUND')
  async detail(@Param('merchantId', new ZodPipe(merchantId, 'INVALID_ID', 'merchantId')) id: string) {
    const merchant = await this.dataSource.getRepository(FlaggedMerchantEntity).findOneBy({ merchantId: id });
    const accounts = await this.dataSource.query<MerchantAccount[]>(
      `SELECT f.account_id AS "accountId", array_agg(DISTINCT f.reason) AS reasons, min(f.at) AS "firstAt", max(f.at) AS "lastAt",
              (array_agg(f.case_id ORDER BY f.at DESC) FILTER (WHERE f.case_id IS NOT NULL))[1] AS "caseId",
              (SELECT c.status FROM fraud_case c WHERE c.id = (array_agg(f.case_id ORDER BY f.at DESC) FILTER (WHERE f.case_id IS NOT NULL))[1]) AS "caseStatus",
              (SELECT c.resolution FROM fraud_case c WHERE c.id = (array_agg(f.case_id ORDER BY f.at DESC) FILTER (WHERE f.case_id IS NOT NULL))[1]) AS "caseResolution"
         FROM merchant_flag f WHERE f.merchant_id = $1 GROUP BY f.account_id ORDER BY max(f.at) DESC LIMIT 500`,
      [id],
    );
    if (!merchant && accounts.length === 0) throw new NotFoundException({ error: 'MERCHANT_NOT_FOUND', message: `no flags for merchant ${id}` });
    return { merchant, accounts };
  }
}
