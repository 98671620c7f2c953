import type { DataSource } from 'typeorm';
import { FlaggedMerchantEntity } from '../../entities/flagged-merchant.entity';

export interface MerchantAccount {
  accountId: string;
  reasons: string[];
  firstAt: Date;
  lastAt: Date;
  caseId: string | null;
  caseStatus: string | null;
  caseResolution: string | null;
}

/** Merchants and partner channels flagged by the roll-up, with the accounts behind each. */
export abstract class FlaggedMerchants {
  /** The 200 most recently updated. */
  abstract list(): Promise<FlaggedMerchantEntity[]>;
  abstract get(merchantId: string): Promise<FlaggedMerchantEntity | null>;
  /** Every flagged or "not me" account of a merchant (up to 500), with its latest case and where that case stands. */
  abstract accounts(merchantId: string): Promise<MerchantAccount[]>;
}

export class FlaggedMerchantsRepository implements FlaggedMerchants {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<FlaggedMerchantEntity[]> {
    return this.dataSource.getRepository(FlaggedMerchantEntity).find({ order: { updatedAt: 'DESC' }, take: 200 });
  }

  get(merchantId: string): Promise<FlaggedMerchantEntity | null> {
    return this.dataSource.getRepository(FlaggedMerchantEntity).findOneBy({ merchantId });
  }

  accounts(merchantId: string): Promise<MerchantAccount[]> {
    return this.dataSource.query<MerchantAccount[]>(
      `SELECT f.account_id AS "accountId", array_agg(DISTINCT f.reason) AS reasons, min(f.at) AS "firstAt", max(f.at) AS "lastAt",
              (array_agg(f.case_id ORDER BY f.at DESC) FILTER (WHERE f.case_id IS NOT NULL))[1] AS "caseId",
              (SELECT c.status FROM fraud_case c WHERE c.id = (array_agg(f.case_id ORDER BY f.at DESC) FILTER (WHERE f.case_id IS NOT NULL))[1]) AS "caseStatus",
              (SELECT c.resolution FROM fraud_case c WHERE c.id = (array_agg(f.case_id ORDER BY f.at DESC) FILTER (WHERE f.case_id IS NOT NULL))[1]) AS "caseResolution"
         FROM merchant_flag f WHERE f.merchant_id = $1 GROUP BY f.account_id ORDER BY max(f.at) DESC LIMIT 500`,
      [merchantId],
    );
  }
}
