import { Inject, Injectable, Logger } from '@nestjs/common';
import { Topics } from '@sentinel/contracts';
import { OutboxRelay } from '@sentinel/messaging';
import { type CaseInput, Cases, EntityIndex, EventLog, Outbox, type OutboxMessage, type Transaction, Transactions } from '@sentinel/persistence';
import { ScheduledJob } from '@sentinel/service-kit';
import { type AccountState, type RingHit, ringHitKey, type RingResponse, ringResponses, ringRollup, ringRuleNeeds, type RuleSet, stepUpHolds } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import { AccountStateStore } from './account-state.store';
import { alertEventSummary } from './alert-event-summary';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { holdEverything } from './hold-everything';
import { LiveRuleSet } from './live-rule-set';
import { untrustedOf } from './outcome.writer';
import { referenceCode } from './reference-code';

const BATCH = 200;

/**
 * Judges the entities (cards, devices, IPs) that new links queued with the cross-account rules,
 * over each entity's every link in event time, in a short transaction of its own like the
 * merchant roll-up. Detection batches only record links and queue their entities, so the verdict
 * does not depend on which account's events a detector saw first: the last batch to touch an
 * entity queues it after its links are committed, and that pass sees them all.
 *
 * A new hit that reaches the alert band opens the account's case or joins its open one; a weaker
 * one joins an open case if there is one. A hit already recorded (on any case, resolved or not)
 * is never recorded again and reopens nothing; it only takes the newer evidence. What the case is
 * comes from `ringResponse`: a shared device or network on an account whose every contact was on
 * file for long before the ring reached it is a step-up, which asks one of them (the borrower, not
 * whoever took the account over) and holds what the account's touched action would move; any
 * other ring case asks nobody, as for the merchant roll-up, since a "was this you?" to the
 * accounts of a ring would tell the ring it was seen.
 */
@Injectable()
export class RingRollupScheduler extends ScheduledJob {
  private readonly log = new Logger(RingRollupScheduler.name);

  constructor(
    private readonly transactions: Transactions,
    // The roll-ups share one cadence.
    @Inject(DETECTOR_CONFIG) private readonly config: Pick<DetectorConfig, 'merchantRollupPollMs' | 'alertMaxAgeMs'>,
    private readonly ruleSets: LiveRuleSet,
    private readonly cases: Cases,
    private readonly metrics: DetectorMetrics,
    private readonly index: EntityIndex,
    private readonly states: AccountStateStore,
    private readonly eventLog: EventLog,
    private readonly outbox: Outbox,
    private readonly relay: OutboxRelay,
  ) {
    super('RingRollup', config.merchantRollupPollMs);
  }

  /** One pass; true when a full batch was taken and more may be queued. */
  async runDue(): Promise<boolean> {
    const ruleSet = this.ruleSets.get();
    const { more, asked } = await this.transactions.run(async (db) => {
      const { entities, taken } = await this.index.takeDue(db, BATCH);
      if (entities.length === 0) return { more: false, asked: false };
      const links = (await this.index.judgedLinks(db, entities)).filter(ringRuleNeeds);
      return { more: taken === BATCH, asked: await this.record(db, ringRollup(links, ruleSet), ruleSet) };
    });
    if (asked) this.relay.wake();
    return more;
  }

  /** Records the hits; true when a step-up went into the outbox. */
  private async record(db: Transaction, hits: RingHit[], ruleSet: RuleSet): Promise<boolean> {
    if (hits.length === 0) return false;
    const keyed = hits.map((hit) => ({ key: ringHitKey(hit), hit }));
    const recorded = await this.index.recordedHits(
      db,
      keyed.map(({ key, hit }) => ({ key, ruleId: hit.ruleId })),
    );
    const keyOf = ({ key, hit }: { key: string; hit: RingHit }) => `${key}\u0000${hit.ruleId}`;
    const isRecorded = (k: { key: string; hit: RingHit }) => recorded.has(keyOf(k));
    // Each account's contacts and the entity's standing on it, as of the ring's first action there:
    // who, if anyone, may be asked. Judged over every hit of the pass, recorded or not, since what the
    // device did on one account is evidence for all of them.
    const known = await this.states.read(db, [...new Set(hits.map((h) => h.accountId))]);
    const judged = ringResponses(hits, (accountId) => known.get(accountId)?.state, ruleSet.decisions);
    const responses = new Map(keyed.map((k, i) => [keyOf(k), judged[i]]));
    const responseOf = (k: { key: string; hit: RingHit }): RingResponse => responses.get(keyOf(k))!;
    await this.index.refreshHits(db, keyed.filter(isRecorded));
    // Step-ups open on accounts this pass finds evidence no answer clears on: the ones it makes
    // urgent (below) must hold everything, not only what their own event moved.
    const waiting = await this.cases.openStepUps(db, [...new Set(keyed.filter((k) => responseOf(k) === 'case').map((k) => k.hit.accountId))]);
    // A step-up already recorded whose ring has since shown evidence no answer clears: its open case becomes one.
    await this.index.escalateOpenCases(
      db,
      keyed.filter((k) => isRecorded(k) && responseOf(k) === 'case').map((k) => k.key),
    );
    const unrecorded = keyed.filter((k) => !isRecorded(k));
    // An analyst's snooze of a rule on an account holds for its ring hits too; judged again after it, they count.
    const snoozes = await this.cases.loadSnoozes(db, [...new Set(unrecorded.map((k) => k.hit.accountId))]);
    const unsnoozed = unrecorded.filter((k) => !snoozes.get(k.hit.accountId)?.has(k.hit.ruleId));
    // A step-up about an action the borrower already confirmed through a trusted contact (asked by
    // the detector, or by another entity's ring pass before this one) asks nothing again: it joins
    // that closed case, as it would have joined the question had both been judged in one pass.
    const asking = unsnoozed.flatMap((k) => (responseOf(k) === 'step-up' && k.hit.touched ? [{ ...k, touched: k.hit.touched }] : []));
    const confirmed = await this.index.confirmedActions(
      db,
      asking.map(({ hit, touched }) => ({ accountId: hit.accountId, eventId: touched.eventId, at: touched.at })),
    );
    const answered = asking.flatMap(({ key, hit, touched }) => {
      const caseId = confirmed.get(`${hit.accountId}\u0000${touched.at}`);
      return caseId ? [{ key, hit, caseId }] : [];
    });
    const answeredKeys = new Set(answered.map(keyOf));
    const toRecord = unsnoozed.filter((k) => !answeredKeys.has(keyOf(k)));
    const inputs = this.caseInputs(toRecord, responseOf, ruleSet);
    const cases = await this.cases.openOrJoinCases(db, inputs);
    const widened = await this.widenEscalated(db, waiting);
    if (toRecord.length === 0 && answered.length === 0) return widened;

    const open = await this.index.openCases(db, [...new Set(toRecord.map((k) => k.hit.accountId).filter((id) => !cases.has(id)))]);
    const rows = [
      ...toRecord.flatMap(({ key, hit }) => {
        const caseId = cases.get(hit.accountId)?.id ?? open.get(hit.accountId);
        return caseId ? [{ key, caseId, hit }] : [];
      }),
      ...answered.map(({ key, hit, caseId }) => ({ key, caseId, hit })),
    ];
    await this.index.insertHits(db, ruleSet.version, rows);
    for (const input of inputs) this.metrics.cases.inc({ decision: input.decision, opened: String(cases.get(input.accountId)!.opened) });
    for (const { caseId, hit } of rows) {
      this.log.warn({ msg: 'ring hit', ruleId: hit.ruleId, caseId, entityKind: hit.entity.kind, accounts: hit.linked.length + 1, ruleSetVersion: ruleSet.version });
    }
    return (await this.askStepUps(db, toRecord, responseOf, inputs, cases, ruleSet, (accountId) => known.get(accountId)?.state)) || widened;
  }

  /** Of the step-ups open before this pass, those it made urgent hold everything from now on; true when any did. */
  private async widenEscalated(db: Transaction, waiting: string[]): Promise<boolean> {
    const raised = await this.cases.raisedSince(db, waiting, 'A linked account showed evidence no answer clears: the hold widens to everything and the case goes to analysts.');
    if (raised.length === 0) return false;
    await this.outbox.enqueueAll(db, holdEverything(raised, 'step_up_escalated', new Date()));
    this.metrics.responses.inc({ tier: 'case' }, raised.length);
    this.log.log({ msg: 'ring evidence made waiting step-ups cases', count: raised.length });
    return true;
  }

  /**
   * For each case a ring step-up opened now (a case already open was told of, or is for analysts):
   * the "was this you?" about the account's first action through the entity, which the notifier
   * sends to one trusted contact, and the hold of what that action moves.
   */
  private async askStepUps(
    db: Transaction,
    recorded: { key: string; hit: RingHit }[],
    responseOf: (k: { key: string; hit: RingHit }) => RingResponse,
    inputs: CaseInput[],
    cases: Map<string, { id: string; referenceCode: string; opened: boolean }>,
    ruleSet: RuleSet,
    stateOf: (accountId: string) => AccountState | undefined,
  ): Promise<boolean> {
    const told = new Set(inputs.filter((i) => i.decision === 'alert' && !i.historical).map((i) => i.accountId));
    const asks = new Map<string, RingHit>();
    for (const k of recorded) {
      if (responseOf(k) !== 'step-up' || !k.hit.touched || !told.has(k.hit.accountId) || !cases.get(k.hit.accountId)?.opened) continue;
      const known = asks.get(k.hit.accountId);
      if (!known || k.hit.touched.at < known.touched!.at) asks.set(k.hit.accountId, k.hit);
    }
    if (asks.size === 0) return false;
    const events = await this.eventLog.eventsAround(
      db,
      [...asks.values()].map((hit) => ({ accountId: hit.accountId, from: hit.touched!.at, to: hit.touched!.at })),
    );
    const now = new Date().toISOString();
    const outgoing: OutboxMessage[] = [];
    for (const [accountId, hit] of asks) {
      const event = events.get(accountId)?.find((e) => e.id === hit.touched!.eventId);
      if (!event) continue;
      const caseRef = cases.get(accountId)!;
      const base = { accountId, ruleSetVersion: ruleSet.version, createdAt: now, correlationId: event.correlationId };
      const reason = [{ ruleId: hit.ruleId, severity: hit.severity, score: hit.score, explanation: hit.explanation }];
      outgoing.push({
        topic: Topics.accountAlerts,
        message: {
          alertId: randomUUID(),
          ...base,
          kind: 'fraud',
          caseId: caseRef.id,
          referenceCode: caseRef.referenceCode,
          decision: 'alert',
          event: alertEventSummary(event),
          hits: reason,
          // As the detector's own step-ups: not through a contact someone else reset the password with.
          ...untrustedOf(stateOf(accountId), event, 'alert'),
        },
      });
      outgoing.push({
        topic: Topics.accountActions,
        message: {
          actionId: randomUUID(),
          accountId,
          caseId: caseRef.id,
          referenceCode: caseRef.referenceCode,
          recommendations: stepUpHolds(event.type),
          reason: 'step_up',
          score: hit.score,
          ruleIds: [hit.ruleId],
          createdAt: now,
          correlationId: event.correlationId,
        },
      });
      this.metrics.responses.inc({ tier: 'step-up' });
    }
    await this.outbox.enqueueAll(db, outgoing);
    return outgoing.length > 0;
  }

  /**
   * One case per account with a new hit in the alert band on its own: the strongest such hit
   * decides its score. It is a step-up (`alert`) only when every such hit is one; a hit no answer
   * clears makes it `urgent` (joining an open step-up, it makes that one urgent too), so that a
   * "was me" to an earlier question does not close it, whichever was judged first.
   */
  private caseInputs(recorded: { key: string; hit: RingHit }[], responseOf: (k: { key: string; hit: RingHit }) => RingResponse, ruleSet: RuleSet): CaseInput[] {
    const byAccount = new Map<string, CaseInput>();
    for (const k of recorded) {
      const { hit } = k;
      const response = responseOf(k);
      if (response === 'join') continue;
      const urgent = response === 'case';
      const known = byAccount.get(hit.accountId);
      if (known) {
        known.score = Math.max(known.score, hit.score);
        if (urgent) Object.assign(known, { decision: 'urgent', priority: 'high' });
        continue;
      }
      byAccount.set(hit.accountId, {
        id: randomUUID(),
        referenceCode: referenceCode(),
        accountId: hit.accountId,
        decision: urgent ? 'urgent' : 'alert',
        score: hit.score,
        priority: urgent ? 'high' : 'normal',
        ruleSetVersion: ruleSet.version,
        // A ring whose latest link is older than the alert horizon came in with a backfill.
        historical: Date.parse(String(hit.evidence.to)) < Date.now() - this.config.alertMaxAgeMs,
      });
    }
    return [...byAccount.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  }
}
