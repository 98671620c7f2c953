import { Inject, Injectable, Logger } from '@nestjs/common';
import { type CaseInput, Cases, EntityIndex, type Transaction, Transactions } from '@sentinel/persistence';
import { ScheduledJob } from '@sentinel/service-kit';
import { type RingHit, ringHitKey, ringRollup, ringRuleNeeds, type RuleSet } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { DetectorMetrics } from './detector.metrics';
import { LiveRuleSet } from './live-rule-set';
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
 * is never recorded again and reopens nothing; it only takes the newer evidence. No borrower
 * message is sent, as for the merchant roll-up: a ring is for an analyst to untangle, and a
 * "was this you?" to the accounts of a ring would tell the ring it was seen.
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
  ) {
    super('RingRollup', config.merchantRollupPollMs);
  }

  /** One pass; true when a full batch was taken and more may be queued. */
  async runDue(): Promise<boolean> {
    const ruleSet = this.ruleSets.get();
    return this.transactions.run(async (db) => {
      const { entities, taken } = await this.index.takeDue(db, BATCH);
      if (entities.length === 0) return false;
      const links = (await this.index.judgedLinks(db, entities)).filter(ringRuleNeeds);
      await this.record(db, ringRollup(links, ruleSet), ruleSet);
      return taken === BATCH;
    });
  }

  private async record(db: Transaction, hits: RingHit[], ruleSet: RuleSet): Promise<void> {
    if (hits.length === 0) return;
    const keyed = hits.map((hit) => ({ key: ringHitKey(hit), hit }));
    const recorded = await this.index.recordedHits(
      db,
      keyed.map(({ key, hit }) => ({ key, ruleId: hit.ruleId })),
    );
    const isRecorded = ({ key, hit }: { key: string; hit: RingHit }) => recorded.has(`${key}\u0000${hit.ruleId}`);
    await this.index.refreshHits(db, keyed.filter(isRecorded));
    const unrecorded = keyed.filter((k) => !isRecorded(k));
    // An analyst's snooze of a rule on an account holds for its ring hits too; judged again after it, they count.
    const snoozes = await this.cases.loadSnoozes(db, [...new Set(unrecorded.map((k) => k.hit.accountId))]);
    const toRecord = unrecorded.filter((k) => !snoozes.get(k.hit.accountId)?.has(k.hit.ruleId));
    if (toRecord.length === 0) return;

    const inputs = this.caseInputs(
      toRecord.map((k) => k.hit),
      ruleSet,
    );
    const cases = await this.cases.openOrJoinCases(db, inputs);
    const open = await this.index.openCases(db, [...new Set(toRecord.map((k) => k.hit.accountId).filter((id) => !cases.has(id)))]);
    const rows = toRecord.flatMap(({ key, hit }) => {
      const caseId = cases.get(hit.accountId)?.id ?? open.get(hit.accountId);
      return caseId ? [{ key, caseId, hit }] : [];
    });
    await this.index.insertHits(db, ruleSet.version, rows);
    for (const input of inputs) this.metrics.cases.inc({ decision: input.decision, opened: String(cases.get(input.accountId)!.opened) });
    for (const { caseId, hit } of rows) {
      this.log.warn({ msg: 'ring hit', ruleId: hit.ruleId, caseId, entityKind: hit.entity.kind, accounts: hit.linked.length + 1, ruleSetVersion: ruleSet.version });
    }
  }

  /** One case per account with a new hit in the alert band on its own: the strongest such hit decides. */
  private caseInputs(hits: RingHit[], ruleSet: RuleSet): CaseInput[] {
    const byAccount = new Map<string, CaseInput>();
    for (const hit of hits) {
      if (hit.score < ruleSet.decisions.alert) continue;
      const urgent = hit.score >= ruleSet.decisions.urgent;
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
