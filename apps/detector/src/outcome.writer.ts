import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AccountEvent, type AlertMessage, maskCard, partnerOf, Topics } from '@sentinel/contracts';
import { DetectionRepository } from '@sentinel/persistence';
import { type Clock, DAY_MS, type Evaluation, merchantRollup, type RuleHit, type RuleSet } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DetectorMetrics } from './detector.metrics';
import { CLOCK } from './detector.tokens';
import { referenceCode } from './reference-code';

const messageHits = (hits: RuleHit[]) => hits.map(({ ruleId, severity, score, explanation }) => ({ ruleId, severity, score, explanation }));

function eventSummary(event: AccountEvent): AlertMessage['event'] {
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    channel: event.channel,
    cardMasked: 'card' in event.payload ? maskCard(event.payload.card) : undefined,
    deviceId: event.device?.id,
  };
}

/** The merchant or partner behind a loan, when there is one. */
function merchantOf(event: AccountEvent): string | undefined {
  if (event.type !== 'loan.opened') return undefined;
  return event.payload.merchantId ?? partnerOf(event.channel);
}

/**
 * Turns an evaluation into its effects, inside the caller's transaction: a case (opened, or the
 * account's open one joined) with its hits for `alert` and `urgent`; an alert to the borrower; an
 * `account.actions` recommendation for `urgent`; a borrower-only message for `notice`; a merchant
 * flag for a flagged loan. Returns the merchants flagged, for the roll-up.
 */
@Injectable()
export class OutcomeWriter {
  private readonly log = new Logger(OutcomeWriter.name);

  constructor(
    private readonly repository: DetectionRepository,
    private readonly metrics: DetectorMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async write(db: EntityManager, event: AccountEvent, evaluation: Evaluation, ruleSet: RuleSet): Promise<string[]> {
    const now = this.clock.now().toISOString();
    const base = { accountId: event.accountId, ruleSetVersion: ruleSet.version, createdAt: now, correlationId: event.correlationId };
    if (evaluation.notices.length) {
      const card = 'card' in event.payload ? maskCard(event.payload.card) : undefined;
      await this.repository.enqueue(db, Topics.accountAlerts, {
        ...base,
        alertId: randomUUID(),
        kind: 'notice',
        referenceCode: referenceCode(),
        decision: 'notice',
        event: eventSummary(event),
        notice: { type: 'card.invalidated', cardMasked: card },
        hits: messageHits(evaluation.notices),
      });
      this.metrics.notices.inc({ type: 'card.invalidated' });
    }
    const { decision, hits } = evaluation;
    if (!decision || hits.length === 0) return [];
    if (decision === 'notice') {
      // Too weak for a case, worth a heads-up: the borrower is the one who knows.
      await this.repository.enqueue(db, Topics.accountAlerts, {
        ...base,
        alertId: randomUUID(),
        kind: 'fraud',
        referenceCode: referenceCode(),
        decision,
        event: eventSummary(event),
        hits: messageHits(hits),
      });
      return [];
    }
    const caseRef = await this.repository.openOrJoinCase(db, {
      id: randomUUID(),
      referenceCode: referenceCode(),
      accountId: event.accountId,
      decision,
      score: evaluation.score,
      priority: decision === 'urgent' ? 'high' : 'normal',
      ruleSetVersion: ruleSet.version,
      correlationId: event.correlationId,
    });
    await this.repository.insertHits(db, caseRef.id, event.id, ruleSet.version, hits);
    await this.repository.enqueue(db, Topics.accountAlerts, {
      ...base,
      alertId: randomUUID(),
      kind: 'fraud',
      caseId: caseRef.id,
      referenceCode: caseRef.referenceCode,
      decision,
      event: eventSummary(event),
      hits: messageHits(hits),
    });
    if (decision === 'urgent') {
      await this.repository.enqueue(db, Topics.accountActions, {
        actionId: randomUUID(),
        accountId: event.accountId,
        caseId: caseRef.id,
        referenceCode: caseRef.referenceCode,
        recommendations: ['hold_disbursement', 'hold_card_binding'],
        reason: 'urgent_risk',
        score: evaluation.score,
        ruleIds: hits.map((h) => h.ruleId),
        createdAt: now,
        correlationId: event.correlationId,
      });
    }
    this.metrics.cases.inc({ decision, opened: String(caseRef.opened) });
    this.log.log({
      msg: caseRef.opened ? 'case opened' : 'case joined',
      caseId: caseRef.id,
      decision,
      score: evaluation.score,
      rules: hits.map((h) => h.ruleId),
      ruleSetVersion: ruleSet.version,
      correlationId: event.correlationId,
    });
    const merchant = merchantOf(event);
    if (!merchant) return [];
    await this.repository.addMerchantFlags(db, [
      { merchantId: merchant, accountId: event.accountId, eventId: event.id, caseId: caseRef.id, reason: 'flagged', at: event.occurredAt },
    ]);
    return [merchant];
  }

  /** Re-judges the given merchants across all accounts and records those over the threshold. */
  async rollUpMerchants(db: EntityManager, merchants: string[], ruleSet: RuleSet): Promise<void> {
    const settings = ruleSet.rules['merchant.rollup'];
    if (merchants.length === 0 || !settings?.enabled) return;
    const params = settings.params as { minAccounts: number; windowDays: number };
    const now = this.clock.now();
    const flags = await this.repository.merchantFlags(db, [...new Set(merchants)], new Date(now.getTime() - params.windowDays * DAY_MS));
    for (const hit of merchantRollup(flags, now, params)) {
      await this.repository.saveFlaggedMerchant(db, hit, ruleSet.version);
      this.log.warn({ msg: 'merchant flagged', merchantId: hit.merchantId, accounts: hit.accounts.length });
    }
  }
}
