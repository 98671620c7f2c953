import type { AccountEvent } from '@sentinel/contracts';
import { type Evaluation, deferredWindow, defaultRuleSet, emptyAccountState, fixedClock, fold, judgeLater, judgeNow, type RuleSet, stateAround } from '@sentinel/rules';

const byTime = (a: AccountEvent, b: AccountEvent) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0);

/**
 * Each event's one verdict, judged as the detector judges it: the immediate phase on the state
 * before the event, the deferred phase on the recorded events around it and on what the account
 * knows by the time it runs (every event of the story, however much later).
 */
export function verdictsOf(events: readonly AccountEvent[], ruleSet: RuleSet = defaultRuleSet()): Map<string, Evaluation> {
  const ordered = [...events].sort(byTime);
  const accountId = ordered[0]?.accountId ?? 'acc-1';
  const known = emptyAccountState(accountId);
  for (const event of ordered) fold(known, event);
  const { beforeMs, afterMs } = deferredWindow(ruleSet);
  const state = emptyAccountState(accountId);
  const verdicts = new Map<string, Evaluation>();
  for (const event of ordered) {
    const clock = fixedClock(event.occurredAt);
    const { now, pending } = judgeNow(ruleSet, state, event, clock);
    let evaluation = now;
    if (pending) {
      const at = Date.parse(event.occurredAt);
      const window = ordered.filter((e) => Date.parse(e.occurredAt) >= at - beforeMs && Date.parse(e.occurredAt) <= at + afterMs);
      evaluation = judgeLater(ruleSet, stateAround(accountId, window, known), event, clock, pending).evaluation;
    }
    verdicts.set(event.id, evaluation);
    fold(state, event);
  }
  return verdicts;
}
