import { type AccountEvent, type Decision, partnerOf } from '@sentinel/contracts';
import { type AccountState, emptyAccountState, evolve } from './account-state';
import type { Clock } from './clock';
import { type EntityLink, entityLinksOf, maskEntity } from './cross-account/entity-link';
import { ringRollup, ringRuleNeeds } from './cross-account/ring-rollup';
import { evaluateEvent, needsDeferredEvaluation } from './evaluate-event';
import { type MerchantFlag, merchantRollup } from './merchant-rollup';
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
  /** The roll-ups each version would raise over the whole history, judged by event time as the detector judges them. */
  rollups: Record<'baseline' | 'candidate', Rollups>;
}

export interface Rollups {
  merchants: { merchantId: string; accounts: string[] }[];
  rings: { ruleId: string; accountId: string; entity: string; linked: string[] }[];
}

interface Side {
  ruleSet: RuleSet;
  hits: Map<string, Set<string>>;
  decisions: Record<Decision, number>;
  immediateScores: Map<string, number>;
  /** Flagged loans by event id, as the detector records them for the merchant roll-up. */
  merchantFlags: Map<string, MerchantFlag>;
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
  /** The links ring rules look at, as the detector's entity index holds them. */
  private readonly links: EntityLink[] = [];
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
      merchantFlags: new Map(),
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
    for (const link of entityLinksOf(event)) if (ringRuleNeeds(link)) this.links.push(link);
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
      rollups: { baseline: this.rollups(baseline), candidate: this.rollups(candidate) },
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
    // A loan that reaches a case flags its merchant or partner, as the detector's outcome writer does.
    if ((decision === 'alert' || decision === 'urgent') && ruleIds.length && event.type === 'loan.opened') {
      const merchantId = event.payload.merchantId ?? partnerOf(event.channel);
      if (merchantId) side.merchantFlags.set(event.id, { merchantId, accountId: event.accountId, at: event.occurredAt, reason: 'flagged' });
    }
  }

  private rollups(side: Side): Rollups {
    const settings = side.ruleSet.rules['merchant.rollup'];
    const merchants = settings?.enabled
      ? merchantRollup([...side.merchantFlags.values()], settings.params as { minAccounts: number; windowDays: number }).map((hit) => ({
          merchantId: hit.merchantId,
          accounts: hit.accounts,
        }))
      : [];
    const rings = ringRollup(this.links, side.ruleSet).map((hit) => ({
      ruleId: hit.ruleId,
      accountId: hit.accountId,
      entity: `${hit.entity.kind} ${maskEntity(hit.entity.kind, hit.entity.value)}`,
      linked: hit.linked,
    }));
    return { merchants, rings };
  }
}
