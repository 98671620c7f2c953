import { type AccountEvent, type Decision, eventKey, partnerOf } from '@sentinel/contracts';
import { type AccountState, emptyAccountState, evolve, onBorrowerDevice, stateAround } from './account-state';
import type { Clock } from './clock';
import { type EntityLink, entityLinksOf, maskEntity } from './cross-account/entity-link';
import { ringRollup, ringRuleNeeds } from './cross-account/ring-rollup';
import { type RingResponse, ringResponses } from './cross-account/ring-response';
import { deferredWindow } from './evaluate-event';
import { type MerchantFlag, merchantRollup } from './merchant-rollup';
import type { RuleSet } from './rule-set';
import { ms } from './time';
import { judgeLater, judgeNow, type PendingVerdict } from './verdict';

interface RuleDiff {
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
  /** The roll-ups each version would raise over the whole history, judged by event time as the detector judges them. */
  rollups: Record<'baseline' | 'candidate', Rollups>;
}

export interface Rollups {
  merchants: { merchantId: string; accounts: string[] }[];
  rings: { ruleId: string; accountId: string; entity: string; linked: string[] }[];
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
  /** Of them, heads-ups: `notice` decisions that join no case (one channel each, see the notifier). */
  headsUps?: number;
  /** Of them, step-ups: `alert` decisions that open or first tell of a case (one trusted contact each, where the account has one). */
  stepUpMessages?: number;
  /**
   * The case reached `urgent`: evidence no borrower's answer clears. Otherwise a case is a step-up
   * (`alert`), which a "was me" through a trusted contact closes.
   */
  urgent?: boolean;
  /** A fraud message went out about the case, carrying a link the borrower can answer. */
  asked?: boolean;
  /** The event time of the case's first flagged event (what a "was me" is measured against). */
  firstFlaggedAt?: string;
  /**
   * The borrower-side devices the case's flagged events came from, each with when it was first
   * flagged, in that order: what an applied answer to the case names (`borrower.answered`).
   */
  caseDevices?: { deviceId: string; at: string }[];
}

interface SideVerdict {
  case: boolean;
  ruleIds: Set<string>;
  fraudMessages: number;
  headsUps: number;
  stepUpMessages: number;
  urgent: boolean;
  asked: boolean;
  firstFlaggedMs?: number;
  /** Device id to the time it was first flagged on the case. */
  caseDevices: Map<string, number>;
}

const noVerdict = (): SideVerdict => ({ case: false, ruleIds: new Set(), fraudMessages: 0, headsUps: 0, stepUpMessages: 0, urgent: false, asked: false, caseDevices: new Map() });

interface Side {
  ruleSet: RuleSet;
  /** Per rule, what it hit: by event key (an id is only unique within its account), to the id a sample shows. */
  hits: Map<string, Map<string, string>>;
  decisions: Record<Decision, number>;
  pending: Map<string, PendingVerdict>;
  window: { beforeMs: number; afterMs: number };
  verdicts: Map<string, SideVerdict>;
  /** Flagged loans by event key, as the detector records them for the merchant roll-up. */
  merchantFlags: Map<string, MerchantFlag>;
}

/**
 * Runs two rule-set versions over the same events, in event-time order, in memory, and reports
 * per rule the hits the candidate would add or remove. Each event gets its verdict as the detector
 * gives it (`judgeNow`, then `judgeLater` on the events around it once the stream has moved past its
 * lateness and deferred windows). It writes nothing anywhere.
 */
export class Backtest {
  private readonly states = new Map<string, AccountState>();
  private readonly sides: [Side, Side];
  private readonly pending: AccountEvent[] = [];
  /** Each account's events within the widest deferred window of the newest one. */
  private readonly history = new Map<string, AccountEvent[]>();
  private readonly lookbackMs: number;
  private readonly waitMs: number;
  /** The links ring rules look at, as the detector's entity index holds them. */
  private readonly links: EntityLink[] = [];
  private events = 0;

  constructor(
    baseline: RuleSet,
    candidate: RuleSet,
    private readonly clock: Clock,
    latenessMs = 5000,
    private readonly sampleSize = 5,
  ) {
    const side = (ruleSet: RuleSet): Side => ({
      ruleSet,
      hits: new Map(),
      decisions: { notice: 0, alert: 0, urgent: 0 },
      pending: new Map(),
      window: deferredWindow(ruleSet),
      verdicts: new Map(),
      merchantFlags: new Map(),
    });
    this.sides = [side(baseline), side(candidate)];
    this.lookbackMs = Math.max(...this.sides.map((s) => s.window.beforeMs));
    this.waitMs = Math.max(latenessMs, ...this.sides.map((s) => s.window.afterMs));
  }

  /** Feed events in event-time order (the detector's history is stored that way). */
  feed(event: AccountEvent): void {
    this.flushDeferred(ms(event.occurredAt) - this.waitMs);
    this.events++;
    const before = this.states.get(event.accountId) ?? emptyAccountState(event.accountId);
    let deferred = false;
    for (const side of this.sides) {
      const { now, pending } = judgeNow(side.ruleSet, before, event, this.clock);
      this.record(
        side,
        event,
        now.hits.map((h) => h.ruleId),
        now.decision,
      );
      if (pending) {
        side.pending.set(eventKey(event), pending);
        deferred = true;
      }
    }
    if (deferred) this.pending.push(event);
    for (const link of entityLinksOf(event)) if (ringRuleNeeds(link)) this.links.push(link);
    this.states.set(event.accountId, evolve(before, event));
    this.keepHistory(event);
  }

  finish(): BacktestReport {
    this.flushDeferred(Number.POSITIVE_INFINITY);
    return this.report({ baseline: this.rollups(this.sides[0]), candidate: this.rollups(this.sides[1]) });
  }

  /**
   * As finish, with a turn for the event loop (`turn`) before each version's roll-ups, the costliest
   * synchronous step of a long run: a server running a backtest keeps answering meanwhile.
   */
  async finishInTurns(turn: () => Promise<unknown>): Promise<BacktestReport> {
    this.flushDeferred(Number.POSITIVE_INFINITY);
    await turn();
    const baseline = this.rollups(this.sides[0]);
    await turn();
    const candidate = this.rollups(this.sides[1]);
    return this.report({ baseline, candidate });
  }

  private report(rollups: BacktestReport['rollups']): BacktestReport {
    const [baseline, candidate] = this.sides;
    const ruleIds = [...new Set([...baseline.hits.keys(), ...candidate.hits.keys()])].sort();
    return {
      events: this.events,
      accounts: this.states.size,
      baselineVersion: baseline.ruleSet.version,
      candidateVersion: candidate.ruleSet.version,
      decisions: { baseline: baseline.decisions, candidate: candidate.decisions },
      verdicts: { baseline: verdictsOf(baseline), candidate: verdictsOf(candidate) },
      rollups,
      rules: ruleIds.map((ruleId) => {
        const before = baseline.hits.get(ruleId) ?? new Map<string, string>();
        const after = candidate.hits.get(ruleId) ?? new Map<string, string>();
        const added = [...after].filter(([key]) => !before.has(key)).map(([, id]) => id);
        const removed = [...before].filter(([key]) => !after.has(key)).map(([, id]) => id);
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
      const at = ms(event.occurredAt);
      const history = this.history.get(event.accountId) ?? [];
      for (const side of this.sides) {
        const pending = side.pending.get(eventKey(event));
        if (!pending) continue;
        side.pending.delete(eventKey(event));
        const around = history.filter((e) => ms(e.occurredAt) >= at - side.window.beforeMs && ms(e.occurredAt) <= at + side.window.afterMs);
        const { evaluation, changed } = judgeLater(side.ruleSet, stateAround(event.accountId, around, this.states.get(event.accountId)), event, this.clock, pending);
        if (!changed) continue;
        const known = new Set(pending.announced ? pending.prior.map((h) => h.ruleId) : []);
        const added = evaluation.hits.map((h) => h.ruleId).filter((id) => !known.has(id));
        // Hits joining a case the borrower was already told of: the case shows them, no second message.
        if (pending.announced) this.record(side, event, added, null, true, evaluation.decision === 'urgent');
        else this.record(side, event, added, evaluation.decision);
      }
    }
  }

  private keepHistory(event: AccountEvent): void {
    const list = this.history.get(event.accountId) ?? [];
    list.push(event);
    // Fed in event-time order: what is older than the widest lookback (and the wait) can go.
    const horizon = ms(event.occurredAt) - this.lookbackMs - this.waitMs;
    let stale = 0;
    while (stale < list.length && ms(list[stale].occurredAt) < horizon) stale++;
    this.history.set(event.accountId, stale ? list.slice(stale) : list);
  }

  private record(side: Side, event: AccountEvent, ruleIds: string[], decision: Decision | null, joinsCase = false, joinsUrgent = false): void {
    for (const ruleId of ruleIds) {
      let set = side.hits.get(ruleId);
      if (!set) side.hits.set(ruleId, (set = new Map<string, string>()));
      set.set(eventKey(event), event.id);
    }
    if (decision) side.decisions[decision]++;
    // A loan that reaches a case flags its merchant or partner, as the detector's outcome writer does.
    if ((joinsCase || decision === 'alert' || decision === 'urgent') && ruleIds.length && event.type === 'loan.opened') {
      const merchantId = event.payload.merchantId ?? partnerOf(event.channel);
      if (merchantId) side.merchantFlags.set(eventKey(event), { merchantId, accountId: event.accountId, at: event.occurredAt, reason: 'flagged' });
    }
    if ((!decision && !joinsCase) || ruleIds.length === 0) return;
    let verdict = side.verdicts.get(event.accountId);
    if (!verdict) side.verdicts.set(event.accountId, (verdict = noVerdict()));
    if (!joinsCase) verdict.fraudMessages++;
    if (decision === 'notice') {
      if (!joinsCase) verdict.headsUps++;
      return;
    }
    verdict.case = true;
    if (decision === 'alert' && !joinsCase) verdict.stepUpMessages++;
    // As the detector's case: the strongest decision among its events, asked once a message went out.
    verdict.urgent ||= decision === 'urgent' || joinsUrgent;
    verdict.asked ||= !joinsCase;
    verdict.firstFlaggedMs = Math.min(verdict.firstFlaggedMs ?? Infinity, ms(event.occurredAt));
    if (event.device && onBorrowerDevice(event)) verdict.caseDevices.set(event.device.id, Math.min(verdict.caseDevices.get(event.device.id) ?? Infinity, ms(event.occurredAt)));
    for (const ruleId of ruleIds) verdict.ruleIds.add(ruleId);
  }

  /**
   * Merchant and ring roll-ups over everything fed. A ring hit at or above the alert band opens or
   * joins the account's case, as the detector's ring roll-up does: a step-up (`ringResponse`) asks
   * the borrower once, any other ring case asks nobody and is urgent.
   */
  private rollups(side: Side): Rollups {
    const settings = side.ruleSet.rules['merchant.rollup'];
    const merchants = settings?.enabled
      ? merchantRollup([...side.merchantFlags.values()], settings.params as { minAccounts: number; windowDays: number }).map((hit) => ({
          merchantId: hit.merchantId,
          accounts: hit.accounts,
        }))
      : [];
    const hits = ringRollup(this.links, side.ruleSet);
    // Per account, as the detector's roll-up judges them: a hit no answer clears makes the case
    // urgent; step-ups alone open a case that asks the borrower, unless one was open already.
    const byAccount = new Map<string, { responses: RingResponse[]; touchedMs: number[]; ruleIds: string[] }>();
    const responses = ringResponses(hits, (accountId) => this.states.get(accountId), side.ruleSet.decisions);
    hits.forEach((hit, i) => {
      let set = side.hits.get(hit.ruleId);
      if (!set) side.hits.set(hit.ruleId, (set = new Map<string, string>()));
      set.set(`${hit.ruleId}:${hit.accountId}`, `${hit.ruleId}:${hit.accountId}`);
      const account = byAccount.get(hit.accountId) ?? { responses: [], touchedMs: [], ruleIds: [] };
      account.responses.push(responses[i]);
      if (hit.touched) account.touchedMs.push(ms(hit.touched.at));
      account.ruleIds.push(hit.ruleId);
      byAccount.set(hit.accountId, account);
    });
    for (const [accountId, { responses: answered, touchedMs, ruleIds }] of byAccount) {
      const verdict = side.verdicts.get(accountId);
      const opening = answered.filter((r) => r !== 'join');
      if (opening.length === 0 && !verdict?.case) continue;
      const account = verdict ?? noVerdict();
      // Only the hits that open or join a case show on it.
      ruleIds.forEach((ruleId, i) => (answered[i] !== 'join' || account.case) && account.ruleIds.add(ruleId));
      if (!account.case && opening.length && opening.every((r) => r === 'step-up')) {
        // The step-up's "was this you?", to one trusted contact; the roll-up's other cases ask nobody.
        account.fraudMessages++;
        account.stepUpMessages++;
        account.asked = true;
      }
      account.case = true;
      account.urgent ||= opening.includes('case');
      // What a "was me" is measured against: the ring's first action on the account counts as flagged.
      if (touchedMs.length) account.firstFlaggedMs = Math.min(account.firstFlaggedMs ?? Infinity, ...touchedMs);
      side.verdicts.set(accountId, account);
    }
    const rings = hits.map((hit) => ({
      ruleId: hit.ruleId,
      accountId: hit.accountId,
      entity: `${hit.entity.kind} ${maskEntity(hit.entity.kind, hit.entity.value)}`,
      linked: hit.linked,
    }));
    return { merchants, rings };
  }
}

function verdictsOf(side: Side): Record<string, AccountVerdict> {
  const out: Record<string, AccountVerdict> = {};
  for (const [accountId, v] of [...side.verdicts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[accountId] = { case: v.case, ruleIds: [...v.ruleIds].sort(), fraudMessages: v.fraudMessages, headsUps: v.headsUps, stepUpMessages: v.stepUpMessages };
    if (v.case) Object.assign(out[accountId], { urgent: v.urgent, asked: v.asked, firstFlaggedAt: new Date(v.firstFlaggedMs ?? 0).toISOString() });
    if (v.case && v.caseDevices.size) {
      out[accountId].caseDevices = [...v.caseDevices]
        .sort(([a, at], [b, bt]) => at - bt || (a < b ? -1 : a > b ? 1 : 0))
        .map(([deviceId, at]) => ({ deviceId, at: new Date(at).toISOString() }));
    }
  }
  return out;
}
