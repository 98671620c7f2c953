import { z } from 'zod';
import { localized, named, timestamp } from '../api-responses';

const flaggedMerchant = named(
  'FlaggedMerchant',
  z.object({
    merchantId: z.string(),
    accounts: z.array(z.string()),
    flags: z.number().int(),
    notMe: z.number().int(),
    explanation: localized,
    ruleSetVersion: z.number().int(),
    firstFlaggedAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const merchantList = named('MerchantList', z.object({ items: z.array(flaggedMerchant) }));

export const merchantDetail = named(
  'MerchantDetail',
  z.object({
    merchant: flaggedMerchant.nullable(),
    accounts: z.array(
      z.object({
        accountId: z.string(),
        reasons: z.array(z.string()),
        firstAt: timestamp,
        lastAt: timestamp,
        caseId: z.uuid().nullable(),
        caseStatus: z.string().nullable(),
        caseResolution: z.string().nullable(),
      }),
    ),
  }),
);
