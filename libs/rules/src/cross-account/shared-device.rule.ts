import { DAY_MS, HOUR_MS } from '../time';
import { inDenseSpans } from '../dense-windows';
import { type EntityLink, maskEntity } from './entity-link';
import { accountList, defineRingRule, sortedUnique } from './ring-rule';

const ACTION = {
  'card.unbound': { en: 'card unbinds', 'zh-CN': '解绑银行卡' },
  'contact.changed': { en: 'contact changes', 'zh-CN': '修改联系方式' },
  'loan.opened': { en: 'loans', 'zh-CN': '借款' },
} as const;

/**
 * One device or IP doing sensitive actions (card unbinds, contact changes, loans) on several
 * accounts within hours: a ring works through the accounts it took over from its own machines.
 * Logins do not count, so a family sharing a home connection does not trip it; an IP needs more
 * accounts than a device (a family of four borrowing at home in one day is not a ring), as homes
 * and carriers put many people behind one address. An account that has used the device or address
 * for sensitive actions since long before (`ownAfterDays`: its contacts were set on it when it was
 * opened) counts as that terminal's own, not as one taken over: a family computer or a village
 * service point's tablet serves its accounts by design, where a ring reaches the accounts it took
 * over only when it takes them. An account's own links arrive in its own order, so its first one
 * is known before the action judged, and the verdict does not depend on arrival.
 */
export const sharedDeviceRule = defineRingRule<{ minAccountsPerDevice: number; minAccountsPerIp: number; windowHours: number; ipWindowHours: number; ownAfterDays: number }>({
  id: 'ring.shared-device',
  description: 'One device or IP doing card unbinds, contact changes or loans on at least K accounts within the window',
  category: 'fraud',
  phase: 'cross-account',
  kinds: ['device', 'ip'],
  needs: (link) => (link.kind === 'device' || link.kind === 'ip') && link.sensitive,
  // A device works its accounts over days; an address stays in the shorter window, since a
  // carrier's shared address puts strangers behind it.
  defaults: { severity: 'high', score: 60, params: { minAccountsPerDevice: 3, minAccountsPerIp: 5, windowHours: 72, ipWindowHours: 24, ownAfterDays: 30 } },
  // A public computer's regulars and a ring's victims look alike from the terminal; the borrower
  // reached through a contact of long standing tells them apart.
  answerable: true,
  evaluate(entity, links, { minAccountsPerDevice, minAccountsPerIp, windowHours: deviceWindowHours, ipWindowHours, ownAfterDays }) {
    const minAccounts = entity.kind === 'ip' ? minAccountsPerIp : minAccountsPerDevice;
    const windowHours = entity.kind === 'ip' ? ipWindowHours : deviceWindowHours;
    // Each account's first action through the entity (ties by event id, so that any order of the
    // same links gives the same one).
    const first = new Map<string, EntityLink>();
    for (const link of links) {
      if (!link.sensitive) continue;
      const known = first.get(link.accountId);
      if (!known || link.at < known.at || (link.at === known.at && link.eventId < known.eventId)) first.set(link.accountId, link);
    }
    const actions = links
      .filter((l) => l.sensitive)
      .map((link) => ({ accountId: link.accountId, at: Date.parse(link.at), link }))
      .filter((a) => a.at - Date.parse(first.get(a.accountId)!.at) < ownAfterDays * DAY_MS);
    const dense = inDenseSpans(actions, windowHours * HOUR_MS, minAccounts);
    if (dense.length === 0) return [];
    const accounts = sortedUnique(dense.map((d) => d.accountId));
    const kinds = [...new Set(dense.map((d) => d.link.eventType))].sort() as (keyof typeof ACTION)[];
    const what = { en: kinds.map((k) => ACTION[k].en).join(', '), 'zh-CN': kinds.map((k) => ACTION[k]['zh-CN']).join('、') };
    const name = { en: entity.kind === 'ip' ? 'IP' : 'Device', 'zh-CN': entity.kind === 'ip' ? 'IP 地址' : '设备' };
    const shown = maskEntity(entity.kind, entity.value);
    const from = dense[0].link.at;
    const to = dense[dense.length - 1].link.at;
    return accounts.map((accountId) => {
      const linked = accounts.filter((a) => a !== accountId);
      const touch = first.get(accountId)!;
      return {
        accountId,
        linked,
        from,
        to,
        touched: { eventId: touch.eventId, eventType: touch.eventType, at: touch.at },
        evidence: { minAccounts, windowHours, actions: dense.length },
        explanation: {
          en: `${name.en} ${shown} did ${what.en} on ${accounts.length} accounts within ${windowHours} hours (threshold ${minAccounts}); besides this one: ${accountList(linked, ', ', (n) => ` and ${n} more`)}.`,
          'zh-CN': `${name['zh-CN']} ${shown} 在 ${windowHours} 小时内对 ${accounts.length} 个账户进行了${what['zh-CN']}操作（阈值 ${minAccounts} 个）；除本账户外：${accountList(linked, '、', (n) => ` 等另外 ${n} 个`)}。`,
        },
      };
    });
  },
});
