import type { LocalizedText } from '@sentinel/contracts';
import { inDenseSpans } from './dense-windows';
import { DAY_MS } from './time';

export interface MerchantFlag {
  merchantId: string;
  accountId: string;
  at: string;
  reason: 'flagged' | 'not_me';
}

export interface MerchantHit {
  merchantId: string;
  accounts: string[];
  flags: number;
  notMe: number;
  windowDays: number;
  minAccounts: number;
  explanation: LocalizedText;
}

/**
 * Merchants or partner channels whose loans were flagged, or answered "not me", on at least
 * `minAccounts` distinct accounts within any `windowDays` span of the loans' event time: one
 * victim is an incident, several are a merchant exploiting accounts. Counted by event time, not
 * by the wall clock, so a backfill or a replay of last spring's history flags what live detection
 * would have flagged then; the accounts listed are those inside such spans.
 */
export function merchantRollup(flags: MerchantFlag[], { minAccounts, windowDays }: { minAccounts: number; windowDays: number }): MerchantHit[] {
  const byMerchant = new Map<string, MerchantFlag[]>();
  for (const flag of flags) byMerchant.set(flag.merchantId, [...(byMerchant.get(flag.merchantId) ?? []), flag]);
  const hits: MerchantHit[] = [];
  for (const [merchantId, all] of byMerchant) {
    const list = inDenseSpans(
      all.map((flag) => ({ ...flag, at: Date.parse(flag.at), flag })),
      windowDays * DAY_MS,
      minAccounts,
    ).map((s) => s.flag);
    if (list.length === 0) continue;
    const accounts = [...new Set(list.map((f) => f.accountId))].sort();
    const notMe = new Set(list.filter((f) => f.reason === 'not_me').map((f) => f.accountId)).size;
    hits.push({
      merchantId,
      accounts,
      flags: list.length,
      notMe,
      windowDays,
      minAccounts,
      explanation: {
        en: `Merchant ${merchantId} has flagged or "not me" loans on ${accounts.length} accounts within ${windowDays} days (threshold ${minAccounts}): ${accounts.join(', ')}.`,
        'zh-CN': `商户 ${merchantId} 在 ${windowDays} 天内有 ${accounts.length} 个账户的贷款被标记或被借款人否认（阈值 ${minAccounts} 个）：${accounts.join('、')}。`,
      },
    });
  }
  return hits.sort((a, b) => b.accounts.length - a.accounts.length || (a.merchantId < b.merchantId ? -1 : 1));
}
