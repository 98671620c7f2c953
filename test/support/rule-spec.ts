import type { AccountEvent } from '@sentinel/contracts';
import { emptyAccountState, evolve, fixedClock, judge, type AccountState, type Rule } from '@sentinel/rules';

/** Given/when/then for rules: fold the history into state, then ask one rule about one event. */
export function givenHistory(...events: AccountEvent[]): AccountState {
  return events.reduce(evolve, emptyAccountState(events[0]?.accountId ?? 'acc-1'));
}

export function whenRuleSees(rule: Rule, state: AccountState, event: AccountEvent, params: Record<string, number> = {}, now = event.occurredAt) {
  // Deferred rules judge the state after the event arrived (and whatever arrived around it).
  const seen = rule.phase === 'deferred' ? evolve(state, event) : state;
  return judge(rule, seen, event, fixedClock(now), { ...rule.defaults.params, ...params });
}
