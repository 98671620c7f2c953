import type { AccountEvent } from '@sentinel/contracts';
import { anEvent } from '@sentinel/testing';
import { applyRuleSetChange } from '../rule-set-change';
import { defaultRuleSet, RULE_CATALOG } from '../rule-set';
import { entityLinksOf } from './entity-link';
import { ringRollup } from './ring-rollup';

/** Given/when/then for ring rules: the events as the index holds them, rolled up at default settings. */
const whenRolledUp = (events: AccountEvent[], ruleSet = defaultRuleSet()) => ringRollup(events.flatMap(entityLinksOf), ruleSet);
const hitsOf = (events: AccountEvent[], ruleId: string) =>
  whenRolledUp(events)
    .filter((h) => h.ruleId === ruleId)
    .map((h) => [h.accountId, h.linked]);

const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
const bind = (accountId: string, day: number, fingerprint: string, holderName?: string, hour = 10) =>
  anEvent('card.bound', {
    accountId,
    occurredAt: at(day, hour),
    device: { id: `phone-${accountId}`, ip: `198.51.100.${accountId.length}` },
    payload: { card: { ref: `ref-${accountId}-${day}`, fingerprint, last4: '1234', ...(holderName ? { holderName } : {}) } },
  });
const loan = (accountId: string, hour: number, device: { id: string; ip?: string }) =>
  anEvent('loan.opened', { accountId, occurredAt: at(20, hour), device, payload: { loanId: `L-${accountId}-${hour}`, amountMinor: 100_000, currency: 'CNY' } });

describe('ring.shared-card', () => {
  it('given one card bound to three accounts within days, then each is hit and names the other two', () => {
    const events = [bind('a1', 1, 'fp-x'), bind('a2', 3, 'fp-x'), bind('a3', 9, 'fp-x')];
    expect(hitsOf(events, 'ring.shared-card')).toEqual([
      ['a1', ['a2', 'a3']],
      ['a2', ['a1', 'a3']],
      ['a3', ['a1', 'a2']],
    ]);
    const [hit] = whenRolledUp(events);
    expect(hit).toMatchObject({ severity: 'high', score: 60, evidence: { entityKind: 'card', linkedAccounts: 'a2,a3', accounts: 3 } });
    expect(hit.explanation.en).toContain('bound to 3 accounts within 30 days (threshold 3); besides this one: a2, a3');
    expect(hit.explanation['zh-CN']).toContain('被绑定到 3 个账户');
    expect(hit.explanation['zh-CN']).toContain('a2、a3');
  });

  it('gives the same hits whatever order the events arrive in', () => {
    const events = [bind('a1', 1, 'fp-x'), bind('a2', 3, 'fp-x'), bind('a3', 9, 'fp-x'), bind('a4', 28, 'fp-x'), bind('b1', 2, 'fp-y')];
    const expected = whenRolledUp(events);
    expect(expected).toHaveLength(4);
    expect(whenRolledUp([...events].reverse())).toEqual(expected);
    expect(whenRolledUp([events[3], events[0], events[4], events[2], events[1]])).toEqual(expected);
  });

  it('given a borrower re-binding their own card, or a couple sharing one, then nothing fires', () => {
    expect(whenRolledUp([bind('a1', 1, 'fp-x'), bind('a1', 5, 'fp-x'), bind('a1', 9, 'fp-x')])).toEqual([]);
    expect(whenRolledUp([bind('a1', 1, 'fp-x', '李伟'), bind('a2', 2, 'fp-x', '李伟')])).toEqual([]);
  });

  it('given three bindings months apart, then nothing fires', () => {
    expect(hitsOf([bind('a1', 1, 'fp-x'), bind('a2', 45, 'fp-x'), bind('a3', 90, 'fp-x')], 'ring.shared-card')).toEqual([]);
  });

  it('given cards without a fingerprint, then there is nothing to link', () => {
    const plain = ['a1', 'a2', 'a3'].map((accountId) => anEvent('card.bound', { accountId, occurredAt: at(1) }));
    expect(hitsOf(plain, 'ring.shared-card')).toEqual([]);
  });
});

describe('ring.shared-device', () => {
  it('given one device taking loans on three accounts within hours, then each is hit', () => {
    const events = ['a1', 'a2', 'a3'].map((accountId, i) => loan(accountId, 8 + i, { id: 'rig-1' }));
    expect(hitsOf(events, 'ring.shared-device')).toEqual([
      ['a1', ['a2', 'a3']],
      ['a2', ['a1', 'a3']],
      ['a3', ['a1', 'a2']],
    ]);
    const hit = whenRolledUp(events)[0];
    expect(hit.explanation.en).toBe('Device rig-1 did loans on 3 accounts within 72 hours (threshold 3); besides this one: a2, a3.');
    expect(hit.explanation['zh-CN']).toBe('设备 rig-1 在 72 小时内对 3 个账户进行了借款操作（阈值 3 个）；除本账户外：a2、a3。');
  });

  it('given one device working three accounts over a day and a half, then each is hit; an address needs them within a day', () => {
    const spread = ['a1', 'a2', 'a3'].map((accountId, i) => loan(accountId, 2 + i * 17, { id: 'rig-2', ip: '203.0.113.9' }));
    expect(hitsOf(spread, 'ring.shared-device').map(([accountId]) => accountId)).toEqual(['a1', 'a2', 'a3']);
    const ip = '203.0.113.88';
    const viaAddress = ['b1', 'b2', 'b3', 'b4', 'b5'].map((accountId, i) => loan(accountId, 2 + i * 9, { id: `own-${accountId}`, ip }));
    expect(hitsOf(viaAddress, 'ring.shared-device')).toEqual([]);
  });

  it('given one IP doing unbinds, contact changes and loans on five accounts, then each is hit with the IP masked', () => {
    const ip = '203.0.113.77';
    const events = [
      anEvent('card.unbound', { accountId: 'a1', occurredAt: at(20, 1), device: { id: 'd1', ip } }),
      anEvent('contact.changed', { accountId: 'a2', occurredAt: at(20, 2), device: { id: 'd2', ip } }),
      loan('a3', 3, { id: 'd3', ip }),
      loan('a4', 4, { id: 'd4', ip }),
      loan('a5', 5, { id: 'd5', ip }),
    ];
    const hits = whenRolledUp(events).filter((h) => h.ruleId === 'ring.shared-device');
    expect(hits.map((h) => h.accountId)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(hits[0].evidence.entity).toBe('203.0.113.*');
    // What is stored and shown (evidence, explanation) carries the IP masked.
    expect(JSON.stringify(hits.map((h) => [h.evidence, h.explanation]))).not.toContain('.77');
  });

  it('given a family of five logging in from one home IP, then nothing fires', () => {
    const family = ['m1', 'm2', 'm3', 'm4', 'm5'].map((accountId, i) =>
      anEvent('device.login', { accountId, occurredAt: at(20, 8 + i), device: { id: `phone-${accountId}`, ip: '198.51.100.20' } }),
    );
    expect(whenRolledUp(family)).toEqual([]);
  });

  it('given four household members each taking a loan from home in a day, then the IP alone does not fire', () => {
    const home = ['m1', 'm2', 'm3', 'm4'].map((accountId, i) => loan(accountId, 9 + i, { id: `phone-${accountId}`, ip: '198.51.100.20' }));
    expect(whenRolledUp(home)).toEqual([]);
  });

  it('given a support agent unbinding cards on many accounts from one console, then it is nobody’s device', () => {
    const agent = ['a1', 'a2', 'a3', 'a4'].map((accountId, i) =>
      anEvent('card.unbound', { accountId, occurredAt: at(20, i), channel: 'support', actor: { kind: 'agent', id: 'agent-7' }, device: { id: 'console-7', ip: '10.0.0.7' } }),
    );
    expect(agent.flatMap(entityLinksOf)).toEqual([]);
    expect(whenRolledUp(agent)).toEqual([]);
  });

  it('given a merchant’s terminal opening loans for many borrowers in a day, then it is nobody’s device', () => {
    const shop = ['a1', 'a2', 'a3', 'a4', 'a5'].map((accountId, i) =>
      anEvent('loan.opened', {
        accountId,
        occurredAt: at(20, 9 + i),
        channel: 'partner:shop-1',
        actor: { kind: 'partner', id: 'shop-1' },
        device: { id: 'pos-shop-1', ip: '192.0.2.44' },
        payload: { loanId: `L-${accountId}`, amountMinor: 100_000, currency: 'CNY', merchantId: 'shop-1' },
      }),
    );
    expect(shop.flatMap(entityLinksOf).map((l) => l.kind)).toEqual(['merchant', 'merchant', 'merchant', 'merchant', 'merchant']);
    expect(whenRolledUp(shop)).toEqual([]);
  });

  it('given the actions spread over days, then nothing fires', () => {
    const spread = ['a1', 'a2', 'a3'].map((accountId, i) => anEvent('loan.opened', { accountId, occurredAt: at(1 + i * 3), device: { id: 'rig-1' } }));
    expect(whenRolledUp(spread)).toEqual([]);
  });
});

describe('ring.card-other-holder', () => {
  it("given a card bound on one account in one holder's name, when another account binds it in another name, then the newcomer is hit", () => {
    const events = [bind('a1', 1, 'fp-z', '李伟'), bind('a2', 20, 'fp-z', '王芳')];
    expect(hitsOf(events, 'ring.card-other-holder')).toEqual([['a2', ['a1']]]);
    const hit = whenRolledUp(events).find((h) => h.ruleId === 'ring.card-other-holder')!;
    expect(hit).toMatchObject({ score: 70, evidence: { linkedAccounts: 'a1' } });
    expect(hit.explanation.en).toContain("already bound in another holder's name to a1");
    expect(hit.explanation['zh-CN']).toContain('已以他人名义绑定在账户 a1 上');
    expect(JSON.stringify(hit)).not.toMatch(/李伟|王芳/);
    // Arriving the other way round changes nothing.
    expect(whenRolledUp([...events].reverse())).toEqual(whenRolledUp(events));
  });

  it('given the same holder on two accounts, written differently, then nothing fires', () => {
    expect(whenRolledUp([bind('a1', 1, 'fp-z', 'Li  Wei'), bind('a2', 2, 'fp-z', 'li wei')])).toEqual([]);
    expect(whenRolledUp([bind('a1', 1, 'fp-z', 'ＬＩ ＷＥＩ'), bind('a2', 2, 'fp-z', 'Li Wei')])).toEqual([]);
  });

  it('given a borrower re-binding their own card in their own name, then nothing fires', () => {
    expect(whenRolledUp([bind('a1', 1, 'fp-z', '李伟'), bind('a1', 30, 'fp-z', '李伟'), bind('a1', 31, 'fp-z', 'Li Wei')])).toEqual([]);
  });

  it('given bindings without a holder name, then names are not guessed', () => {
    expect(hitsOf([bind('a1', 1, 'fp-z', '李伟'), bind('a2', 2, 'fp-z')], 'ring.card-other-holder')).toEqual([]);
  });
});

describe('ring rules in the rule set', () => {
  it('are in the catalog as cross-account rules, and off means off', () => {
    for (const id of ['ring.shared-card', 'ring.shared-device', 'ring.card-other-holder']) {
      expect(RULE_CATALOG.find((r) => r.id === id)).toMatchObject({ phase: 'cross-account', category: 'fraud' });
    }
    const off = applyRuleSetChange(defaultRuleSet(), { rules: { 'ring.shared-card': { enabled: false } } });
    if (!off.ok) throw new Error(off.error.join('; '));
    const events = [bind('a1', 1, 'fp-x'), bind('a2', 3, 'fp-x'), bind('a3', 9, 'fp-x')];
    expect(whenRolledUp(events, off.value)).toEqual([]);
  });
});
