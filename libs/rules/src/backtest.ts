import type { AccountEvent, Decision } from '@sentinel/contracts';
import { type AccountState, emptyAccountState, evolve } from './account-state';
import type { Clock } from './clock';
import { evaluateEvent, needsDeferredEvaluation } from './evaluate-event';
import type { RuleSet } from './rule-set';
import { ms } from './time';

export interface RuleDiff {
  ruleId: string;
  baseline: number;
  candidate: number;
  /** Events the candidate flags and the baseline does not (up to `sampleSize` ids each). */
  added: { count: number; sample: string[] };
  removed: { count: number; sample: string[] };
}

export interface BacktestReport {
  events: number;
  accounts: number;
  baselineVersion: number;
  candidateVersion: number;
  rules: RuleDiff[];
  decisions: Record<'baseline' | 'candidate', Record<Decision, number>>;
  /** Per account, what each version would do to it, as the detector would: only accounts with a fraud finding appear. */
  verdicts: Record<'baseline' | 'candidate', Record<string, AccountVerdict>>;
}

/**
 * What one rule-set version does to one account: whether it opens a case (an `alert` or `urgent`
 * event), the rules hit on its case-worthy events (the hits a case would show), and how many fraud
 * messages the borrower would get (one per event decided `notice` or above).
 */
export interface AccountVerdict {
  case: boolean;
  ruleIds: string[];
  fraudMessages: number;
}

interface Side {
  ruleSet: RuleSet;
  hits: Map<string, Set<string>>;
  decisions: Record<Decision, number>;
  immediateScores: Map<string, number>;
  verdicts: Map<string, { case: boolean; ruleIds: Set<string>; fraudMessages: number }>;
}

/**
 * Runs two rule-set versions over the same events, in event-time order, in memory, and reports
 * per rule the hits the candidate would add or remove. Deferred rules are judged once the stream
 * has moved `latenessMs` past an event, as the detector judges them after its lateness window.
 * It writes nothing anywhere.
 */
export class Backtest {
  private readonly states = new Map<string, AccountState>();
  private readonly sides: [Side, Side];
  private readonly pending: AccountEvent[] = [];
  private events = 0;

  constructor(
    baseline: RuleSet,
    candidate: RuleSet,
    private readonly clock: Clock,
    private readonly latenessMs = 5000,
    private readonly sampleSize = 5,
  ) {
    const side = (ruleSet: RuleSet): Side => ({
      ruleSet,
      hits: new Map(),
      decisions: { notice: 0, alert: 0, urgent: 0 },
      immediateScores: new Map(),
      verdicts: new Map(),
    });
    this.sides = [side(baseline), side(candidate)];
  }

  /** Feed events in event-time order (the detector's history is stored that way). */
  feed(event: AccountEvent): void {
    this.flushDeferred(ms(event.occurredAt) - this.latenessMs);
    this.events++;
    const before = this.states.get(event.accountId) ?? emptyAccountState(event.accountId);
    let deferred = false;
    for (const side of this.sides) {
      const evaluation = evaluateEvent(side.ruleSet, before, event, this.clock, 'immediate');
      this.record(side, event, evaluation.hits.map((h) => h.ruleId), evaluation.decision);
      if (needsDeferredEvaluation(side.ruleSet, event)) {
        side.immediateScores.set(event.id, evaluation.score);
        deferred = true;
      }
    }
    if (deferred) this.pending.push(event);
    this.states.set(event.accountId, evolve(before, event));
  }

  finish(): BacktestReport {
    this.flushDeferred(Number.POSITIVE_INFINITY);
    const [baseline, candidate] = this.sides;
    const ruleIds = [...new Set([...baseline.hits.keys(), ...candidate.hits.keys()])].sort();
    return {
      events: this.events,
      accounts: this.states.size,
      baselineVersion: baseline.ruleSet.version,
      candidateVersion: candidate.ruleSet.version,
      decisions: { baseline: baseline.decisions, candidate: candidate.decisions },
      verdicts: { baseline: verdictsOf(baseline), candidate: verdictsOf(candidate) },
      rules: ruleIds.map((ruleId) => {
        const before = baseline.hits.get(ruleId) ?? new Set<string>();
        const after = candidate.hits.get(ruleId) ?? new Set<string>();
        const added = [...after].filter((id) => !before.has(id));
        const removed = [...before].filter((id) => !after.has(id));
        return {
          ruleId,
          baseline: before.size,
          candidate: after.size,
          added: { count: added.length, sample: added.slice(0, this.sampleSize) },
          removed: { count: removed.length, sample: removed.slice(0, this.sampleSize) },
        };
      }),
    };
  }

  private flushDeferred(upTo: number): void {
    while (this.pending.length && ms(this.pending[0].occurredAt) <= upTo) {
      const event = this.pending.shift()!;
      const state = this.states.get(event.accountId)!;
      for (const side of this.sides) {
        const prior = side.immediateScores.get(event.id);
        if (prior === undefined) continue;
        side.immediateScores.delete(event.id);
        const evaluation = evaluateEvent(side.ruleSet, state, event, this.clock, 'deferred', { priorScore: prior });
        this.record(side, event, evaluation.hits.map((h) => h.ruleId), evaluation.hits.length ? evaluation.decision : null);
      }
    }
  }

  private record(side: Side, event: AccountEvent, ruleIds: string[], decision: Decision | null): void {
    for (const ruleId of ruleIds) {
      let set = side.hits.get(ruleId);
      if (!set) side.hits.set(ruleId, (set = new Set()));
      set.add(event.id);
    }
    if (decision) side.decisions[decision]++;
    if (!decision || ruleIds.length === 0) return;
    let verdict = side.verdicts.get(event.accountId);
    if (!verdict) side.verdicts.set(event.accountId, (verdict = { case: false, ruleIds: new Set(), fraudMessages: 0 }));
    verdict.fraudMessages++;
    if (decision === 'notice') return;
    verdict.case = true;
    for (const ruleId of ruleIds) verdict.ruleIds.add(ruleId);
  }
}

function verdictsOf(side: Side): Record<string, AccountVerdict> {
  const out: Record<string, AccountVerdict> = {};
  for (const [accountId, v] of [...side.verdicts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[accountId] = { case: v.case, ruleIds: [...v.ruleIds].sort(), fraudMessages: v.fraudMessages };
  }
  return out;
}
