import type { AccountEvent } from '@sentinel/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { anEvent } from './account-events';

const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 9, day, hour)).toISOString();

/**
 * A ring and a family, every account named `<tag>-…`: one card bound to three accounts (r1–r3) in
 * three holders' names, then one rig taking a loan on each within hours; beside them four family
 * members (f1–f4) logging in from one home IP, each binding a card of their own. Per account.
 */
export function ringStory(tag: string): Record<string, AccountEvent[]> {
  const card = `fp-ring-${tag}`;
  const rig = `rig-${tag}`;
  // Addresses of the story's own, so that stories in one database share no IP.
  const net = `2001:db8:${randomUUID().slice(0, 4)}`;
  const ring = ['r1', 'r2', 'r3'].map((name, i) => {
    const accountId = `${tag}-${name}`;
    return [
      anEvent('device.login', { accountId, occurredAt: at(1 + i), device: { id: `phone-${accountId}`, ip: `198.51.100.${10 + i}` } }),
      anEvent('card.bound', {
        accountId,
        occurredAt: at(2 + i * 3),
        device: { id: `phone-${accountId}` },
        payload: { card: { ref: `ref-${i}`, fingerprint: card, last4: '4321', holderName: ['张三', '李四', '王五'][i] } },
      }),
      anEvent('loan.opened', { accountId, occurredAt: at(12, 9 + i), device: { id: rig, ip: `${net}::66` }, payload: { loanId: `L-${i}`, amountMinor: 900_000, currency: 'CNY' } }),
    ];
  });
  const family = ['f1', 'f2', 'f3', 'f4'].map((name, i) => {
    const accountId = `${tag}-${name}`;
    return [
      anEvent('device.login', { accountId, occurredAt: at(3, 8 + i), device: { id: `phone-${accountId}`, ip: `${net}::1` } }),
      anEvent('card.bound', {
        accountId,
        occurredAt: at(4, 8 + i),
        device: { id: `phone-${accountId}`, ip: `${net}::1` },
        payload: { card: { ref: 'own', fingerprint: `fp-${accountId}`, last4: '1111' } },
      }),
    ];
  });
  return Object.fromEntries([...ring, ...family].map((events) => [events[0].accountId, events]));
}

/** What the ring rules must conclude about a ring story, with its tag taken out. */
export const RING_STORY_HITS = [
  { account: 'r1', rule: 'ring.shared-card', kind: 'card', linked: 'r2,r3' },
  { account: 'r1', rule: 'ring.shared-device', kind: 'device', linked: 'r2,r3' },
  { account: 'r2', rule: 'ring.card-other-holder', kind: 'card', linked: 'r1' },
  { account: 'r2', rule: 'ring.shared-card', kind: 'card', linked: 'r1,r3' },
  { account: 'r2', rule: 'ring.shared-device', kind: 'device', linked: 'r1,r3' },
  { account: 'r3', rule: 'ring.card-other-holder', kind: 'card', linked: 'r1,r2' },
  { account: 'r3', rule: 'ring.shared-card', kind: 'card', linked: 'r1,r2' },
  { account: 'r3', rule: 'ring.shared-device', kind: 'device', linked: 'r1,r2' },
];

/** The ring hits and the number of cases per account that a story's accounts got, with its tag taken out so two runs compare. */
export async function ringVerdict(db: DataSource, tag: string) {
  const hits: { account_id: string; rule_id: string; linked: string; kind: string }[] = await db.query(
    `SELECT c.account_id, h.rule_id, h.evidence->>'linkedAccounts' AS linked, h.evidence->>'entityKind' AS kind
       FROM rule_hit h JOIN fraud_case c ON c.id = h.case_id
      WHERE c.account_id LIKE $1 AND h.rule_id LIKE 'ring.%' ORDER BY c.account_id, h.rule_id, kind`,
    [`${tag}-%`],
  );
  const cases: { account_id: string; n: number }[] = await db.query(
    `SELECT account_id, count(*)::int AS n FROM fraud_case WHERE account_id LIKE $1 GROUP BY account_id ORDER BY account_id`,
    [`${tag}-%`],
  );
  const untag = (s: string) => s.replaceAll(`${tag}-`, '');
  return {
    hits: hits.map((h) => ({ account: untag(h.account_id), rule: h.rule_id, kind: h.kind, linked: untag(h.linked) })),
    cases: cases.map((c) => ({ account: untag(c.account_id), cases: c.n })),
  };
}
