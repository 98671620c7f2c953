import type { AccountEvent } from '@sentinel/contracts';
import { anEvent } from '@sentinel/testing';
import { type AccountState, emptyAccountState, evolve } from '../account-state';
import { applyRuleSetChange } from '../rule-set-change';
import { defaultRuleSet } from '../rule-set';
import { entityLinksOf } from './entity-link';
import { ringRollup } from './ring-rollup';
import { ringResponses } from './ring-response';

// Given/when/then for what a ring hit does to each account it names: a step-up its borrower
// answers through a contact of long standing, or a case nobody's answer clears.

const at = (day: number, hour = 10, minute = 0) => new Date(Date.UTC(2026, 10, day, hour, minute)).toISOString();
const phone = (accountId: string, device: string, when: string, value = `+86138${accountId.padStart(8, '0')}`) =>
  anEvent('contact.changed', { accountId, occurredAt: when, device: { id: device, ip: '198.51.100.7' }, payload: { kind: 'phone', value } });
const login = (accountId: string, device: string, when: string, ip = '198.51.100.7') => anEvent('device.login', { accountId, occurredAt: when, device: { id: device, ip } });
const loan = (accountId: string, device: string, when: string, ip: string) =>
  anEvent('loan.opened', { accountId, occurredAt: when, device: { id: device, ip }, payload: { loanId: `L-${accountId}-${when}`, amountMinor: 300_000, currency: 'CNY' } });
const bind = (accountId: string, when: string) =>
  anEvent('card.bound', {
    accountId,
    occurredAt: when,
    device: { id: `phone-${accountId}`, ip: '198.51.100.7' },
    payload: { card: { ref: `ref-${accountId}`, fingerprint: 'fp-shared', last4: '1234' } },
  });

/** A support agent resets an account's password for whoever asked: a takeover signal handed to the next device on it. */
const supportReset = (accountId: string, agent: string, when: string, ip: string) =>
  anEvent('password.reset', {
    accountId,
    occurredAt: when,
    channel: 'support',
    actor: { kind: 'agent', id: agent },
    device: { id: `ws-${agent}`, ip },
    payload: { method: 'support' },
  });

/** A borrower of long standing: her own phone and number since the spring. */
const settled = (accountId: string): AccountEvent[] => [
  login(accountId, `phone-${accountId}`, '2026-04-01T08:00:00.000Z'),
  phone(accountId, `phone-${accountId}`, '2026-04-01T08:05:00.000Z'),
];

/** Every account's state after its events (each account's own in order), and each ring hit's response. */
function whenRolledUp(events: AccountEvent[], ruleSet = defaultRuleSet()) {
  const states = new Map<string, AccountState>();
  for (const event of [...events].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1))) {
    states.set(event.accountId, evolve(states.get(event.accountId) ?? emptyAccountState(event.accountId), event));
  }
  const hits = ringRollup(events.flatMap(entityLinksOf), ruleSet);
  const responses = ringResponses(hits, (accountId) => states.get(accountId), ruleSet.decisions);
  return hits.map((hit, i) => [hit.ruleId, hit.accountId, responses[i]]);
}

const regulars = ['r1', 'r2', 'r3'];

describe('ring hits: a step-up when the borrower can answer, a case when nobody can', () => {
  it('given three borrowers of long standing, when each takes a loan on the same public computer within a day, then each is asked through her own number, not made a case', () => {
    const events = regulars.flatMap((id, i) => [...settled(id), loan(id, 'cafe-pc-7', at(20, 12 + i), '203.0.113.40')]);
    expect(whenRolledUp(events)).toEqual(regulars.map((id) => ['ring.shared-device', id, 'step-up']));
  });

  it("given borrowers of long standing to whom another device added a first email four days before the ring's loans, when the ring takes a loan on each, then each is a case: the notifier asks the email first, and it is the ring's", () => {
    const email = (accountId: string, device: string, when: string) =>
      anEvent('contact.changed', { accountId, occurredAt: when, device: { id: device, ip: '198.51.100.9' }, payload: { kind: 'email', value: `${accountId}@ring.example` } });
    const events = regulars.flatMap((id, i) => [...settled(id), email(id, `helper-${i}`, at(16)), loan(id, 'cafe-pc-7', at(20, 12 + i), '203.0.113.40')]);
    expect(whenRolledUp(events)).toEqual(regulars.map((id) => ['ring.shared-device', id, 'case']));
  });

  it('given borrowers active since the spring whose first number was set from their own phone two days before, when the ring takes a loan on each, then each is a case: the notifier and the answer date that number from when it was set, so no "was me" through it would count', () => {
    const events = regulars.flatMap((id, i) => [
      login(id, `phone-${id}`, '2026-04-01T08:00:00.000Z'),
      login(id, `phone-${id}`, at(18)),
      phone(id, `phone-${id}`, at(18, 10, 5)),
      loan(id, 'cafe-pc-7', at(20, 12 + i), '203.0.113.40'),
    ]);
    expect(whenRolledUp(events)).toEqual(regulars.map((id) => ['ring.shared-device', id, 'case']));
  });

  it('given three accounts opened a week before on the numbers of phones a ring holds, when its device takes a loan on each, then each is a case: their "was me" would come from the ring', () => {
    const events = regulars.flatMap((id, i) => [login(id, `farm-${i}`, at(13)), phone(id, `farm-${i}`, at(13, 10, 5)), loan(id, 'rig-1', at(20, 12 + i), '203.0.113.40')]);
    expect(whenRolledUp(events)).toEqual(regulars.map((id) => ['ring.shared-device', id, 'case']));
  });

  it("given borrowers of long standing whose only number the ring replaced from its device first, when it takes a loan on each, then each is a case: the number on file is the ring's", () => {
    const events = regulars.flatMap((id, i) => [
      ...settled(id),
      phone(id, 'rig-1', at(20, 11 + i), `+86139${String(i).padStart(8, '0')}`),
      loan(id, 'rig-1', at(20, 12 + i), '203.0.113.40'),
    ]);
    expect(whenRolledUp(events)).toEqual(regulars.map((id) => ['ring.shared-device', id, 'case']));
  });

  it("given a work phone that a support reset handed one borrower's account to, when it takes a loan on that one and on two others whose borrowers read out their codes, then all three are cases: what it did on the first is the others' evidence too", () => {
    const office = '203.0.113.90';
    const staffReset = supportReset('r1', 'collector-7', at(20, 9), office);
    const events = [
      ...regulars.flatMap((id) => settled(id)),
      staffReset,
      login('r1', 'work-phone-1', at(20, 9, 5), office),
      ...regulars.flatMap((id, i) => [login(id, 'work-phone-1', at(20, 11 + i), office), loan(id, 'work-phone-1', at(20, 11 + i, 30), office)]),
    ];
    expect(whenRolledUp(events)).toEqual(regulars.map((id) => ['ring.shared-device', id, 'case']));
    // Without the reset, the same phone on the same accounts is doubt each borrower answers.
    expect(whenRolledUp(events.filter((e) => e !== staffReset)).map(([, , response]) => response)).toEqual(['step-up', 'step-up', 'step-up']);
  });

  it('given a work phone that reaches three settled borrowers and only then is handed a fourth account by a support reset, then the three stay step-ups and the fourth is a case: a takeover counts from then on, so a replay judges the earlier ones as live did, whatever they answered', () => {
    const office = '203.0.113.91';
    const ids = [...regulars, 'r4'];
    const events = [
      ...ids.flatMap((id) => settled(id)),
      ...regulars.flatMap((id, i) => [login(id, 'work-phone-2', at(20, 11 + i), office), loan(id, 'work-phone-2', at(20, 11 + i, 30), office)]),
      supportReset('r4', 'collector-8', at(20, 15), office),
      login('r4', 'work-phone-2', at(20, 15, 5), office),
      loan('r4', 'work-phone-2', at(20, 15, 30), office),
    ];
    expect(whenRolledUp(events).filter(([ruleId]) => ruleId === 'ring.shared-device')).toEqual([
      ...regulars.map((id) => ['ring.shared-device', id, 'step-up']),
      ['ring.shared-device', 'r4', 'case'],
    ]);
  });

  it('given one card bound on three settled borrowers\' accounts, then each is a case: a "was me" does not make the money\'s destination safe', () => {
    const events = regulars.flatMap((id, i) => [...settled(id), bind(id, at(20, 12 + i))]);
    expect(whenRolledUp(events)).toEqual(regulars.map((id) => ['ring.shared-card', id, 'case']));
  });

  it('given the shared device scored into the urgent band, then the regulars are cases; scored under the alert band, their hits only join a case they already have', () => {
    const events = regulars.flatMap((id, i) => [...settled(id), loan(id, 'cafe-pc-7', at(20, 12 + i), '203.0.113.40')]);
    const scored = (score: number) => {
      const changed = applyRuleSetChange(defaultRuleSet(), { rules: { 'ring.shared-device': { score } } });
      if (!changed.ok) throw new Error(changed.error.join('; '));
      return changed.value;
    };
    expect(whenRolledUp(events, scored(90)).map(([, , response]) => response)).toEqual(['case', 'case', 'case']);
    expect(whenRolledUp(events, scored(30)).map(([, , response]) => response)).toEqual(['join', 'join', 'join']);
  });

  it("gives each account the same response whatever order the accounts' events arrive in", () => {
    const events = regulars.flatMap((id, i) => [...settled(id), loan(id, 'cafe-pc-7', at(20, 12 + i), '203.0.113.40'), loan(id, 'cafe-pc-7', at(21, 12 + i), '203.0.113.40')]);
    const expected = whenRolledUp(events);
    expect(whenRolledUp([...events].reverse())).toEqual(expected);
  });
});
