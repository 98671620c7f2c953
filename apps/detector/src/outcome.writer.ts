import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AccountEvent, type AlertMessage, type Decision, type DeliveryChannelName, maskCard, partnerOf, Topics } from '@sentinel/contracts';
import { type CaseHits, type CaseInput, Cases, Merchants, Outbox, type OutboxMessage, type Transaction } from '@sentinel/persistence';
import { type AccountState, type Clock, type Evaluation, joinsCase, merchantRollup, outcomeEffects, responseTier, type RuleHit, type RuleSet, stepUpAvoids } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import { alertEventSummary } from './alert-event-summary';
import { DetectorMetrics } from './detector.metrics';
import { DETECTOR_CONFIG, type DetectorConfig } from './detector.config';
import { CLOCK } from './detector.tokens';
import { referenceCode } from './reference-code';

const messageHits = (hits: RuleHit[]) => hits.map(({ ruleId, severity, score, explanation }) => ({ ruleId, severity, score, explanation }));

const alert = (message: AlertInput): OutboxMessage => ({ topic: Topics.accountAlerts, message: { alertId: randomUUID(), ...message } });
/** A message of either kind, before its id: Omit over each kind, so each keeps its own fields. */
type AlertInput = AlertMessage extends infer M ? (M extends AlertMessage ? Omit<M, 'alertId'> : never) : never;

/** The merchant or partner behind a loan, when there is one. */
function merchantOf(event: AccountEvent): string | undefined {
  if (event.type !== 'loan.opened') return undefined;
  return event.payload.merchantId ?? partnerOf(event.channel);
}

export interface JudgedEvent {
  event: AccountEvent;
  evaluation: Evaluation;
  /**
   * Set when the borrower was already told of this event, with this decision (the immediate phase
   * reached a case and deferred rules added to it): its hits join the case, and no second message
   * goes out for the same event.
   */
  announced?: Decision;
  /** For a step-up: the channels its question must not go through (`stepUpAvoids`, from the account's state). */
  untrustedChannels?: DeliveryChannelName[];
}

/**
 * For a step-up (`decision` 'alert') about `event` on an account in `state`: the channels its
 * question must not go through (`stepUpAvoids`), present only when there are some.
 */
export function untrustedOf(state: AccountState | undefined, event: Pick<AccountEvent, 'occurredAt'>, decision: string | null): Pick<JudgedEvent, 'untrustedChannels'> {
  const channels = state ? stepUpAvoids(state, event, decision) : [];
  return channels.length ? { untrustedChannels: channels } : {};
}

/**
 * Writes evaluations' effects, inside the caller's transaction and a few set-based statements for
 * a whole batch: a case per account (opened, or its open one joined) with the hits of every
 * `alert` and `urgent` event; the messages `outcomeEffects` chooses, in event order; a merchant
 * flag for a flagged loan (its merchant then queued for the roll-up). Events older than the alert
 * horizon (ALERT_MAX_AGE) build the same cases, marked historical.
 */
@Injectable()
export class OutcomeWriter {
  private readonly log = new Logger(OutcomeWriter.name);

  constructor(
    private readonly cases: Cases,
    private readonly outbox: Outbox,
    private readonly merchants: Merchants,
    private readonly metrics: DetectorMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DETECTOR_CONFIG) private readonly config: Pick<DetectorConfig, 'alertMaxAgeMs'>,
  ) {}

  /** An event from before the alert horizon: history to import, not news for the borrower. */
  private historical(event: AccountEvent): boolean {
    return Date.parse(event.occurredAt) < this.clock.now().getTime() - this.config.alertMaxAgeMs;
  }

  async write(db: Transaction, judged: JudgedEvent[], ruleSet: RuleSet): Promise<void> {
    if (judged.length === 0) return;
    const now = this.clock.now().toISOString();
    const cases = await this.cases.openOrJoinCases(db, this.caseInputs(judged, ruleSet));
    const outgoing: OutboxMessage[] = [];
    const hits: CaseHits[] = [];
    const flags: Parameters<Merchants['addMerchantFlags']>[1] = [];
    const counted = new Set<string>();
    for (const { event, evaluation, announced, untrustedChannels } of judged) {
      const base = { accountId: event.accountId, ruleSetVersion: ruleSet.version, createdAt: now, correlationId: event.correlationId };
      const tell = !this.historical(event);
      const { joinsCase, messages } = outcomeEffects({ evaluation, announced, historical: !tell, eventType: event.type });
      const tier = responseTier(evaluation.decision);
      if (tier && tell && !announced) this.metrics.responses.inc({ tier });
      const caseRef = joinsCase ? cases.get(event.accountId)! : undefined;
      for (const m of messages) {
        if (m.kind === 'notice') {
          const card = 'card' in event.payload ? maskCard(event.payload.card) : undefined;
          outgoing.push(
            alert({
              ...base,
              kind: 'notice',
              referenceCode: referenceCode(),
              decision: 'notice',
              event: alertEventSummary(event),
              notice: { type: m.notice, cardMasked: card },
              hits: messageHits(m.hits),
            }),
          );
          this.metrics.notices.inc({ type: m.notice });
        } else if (m.kind === 'fraud') {
          const onCase = m.onCase && caseRef ? { caseId: caseRef.id, referenceCode: caseRef.referenceCode } : { referenceCode: referenceCode() };
          const avoid = m.decision === 'alert' && untrustedChannels ? { untrustedChannels } : {};
          outgoing.push(alert({ ...base, kind: 'fraud', ...onCase, decision: m.decision, event: alertEventSummary(event), hits: messageHits(m.hits), ...avoid }));
        } else {
          outgoing.push({
            topic: Topics.accountActions,
            message: {
              actionId: randomUUID(),
              accountId: event.accountId,
              caseId: caseRef!.id,
              referenceCode: caseRef!.referenceCode,
              recommendations: m.recommendations,
              reason: m.reason,
              score: evaluation.score,
              ruleIds: evaluation.hits.map((h) => h.ruleId),
              createdAt: now,
              correlationId: event.correlationId,
            },
          });
        }
      }
      if (!caseRef) continue;
      const decision = evaluation.decision!;
      // The account's first judged event in the batch opened the case, if it was opened at all.
      const opened = caseRef.opened && !counted.has(event.accountId);
      counted.add(event.accountId);
      hits.push({ caseId: caseRef.id, eventId: event.id, hits: evaluation.hits, score: evaluation.score });
      this.metrics.cases.inc({ decision, opened: String(opened) });
      this.log.log({
        msg: opened ? 'case opened' : 'case joined',
        caseId: caseRef.id,
        decision,
        score: evaluation.score,
        rules: evaluation.hits.map((h) => h.ruleId),
        ruleSetVersion: ruleSet.version,
        correlationId: event.correlationId,
        ...(tell ? {} : { historical: true }),
      });
      const merchant = merchantOf(event);
      if (merchant) flags.push({ merchantId: merchant, accountId: event.accountId, eventId: event.id, caseId: caseRef.id, reason: 'flagged', at: event.occurredAt });
    }
    await this.cases.insertHits(db, ruleSet.version, hits);
    await this.outbox.enqueueAll(db, outgoing);
    // Flags queue their merchants for the roll-up, which runs outside this transaction.
    await this.merchants.addMerchantFlags(db, flags);
  }

  /** One case per account with a case-worthy event: the strongest decision, priority and score among them. */
  private caseInputs(judged: JudgedEvent[], ruleSet: RuleSet): CaseInput[] {
    const byAccount = new Map<string, CaseInput>();
    for (const { event, evaluation } of judged) {
      if (!joinsCase(evaluation)) continue;
      const { decision } = evaluation;
      const known = byAccount.get(event.accountId);
      if (known) {
        if (decision === 'urgent') Object.assign(known, { decision, priority: 'high' });
        known.score = Math.max(known.score, evaluation.score);
        known.historical &&= this.historical(event);
        continue;
      }
      byAccount.set(event.accountId, {
        id: randomUUID(),
        referenceCode: referenceCode(),
        accountId: event.accountId,
        decision,
        score: evaluation.score,
        priority: decision === 'urgent' ? 'high' : 'normal',
        ruleSetVersion: ruleSet.version,
        correlationId: event.correlationId,
        historical: this.historical(event),
      });
    }
    return [...byAccount.values()];
  }

  /** Re-judges the given merchants across all accounts and records those over the threshold. */
  async rollUpMerchants(db: Transaction, merchants: string[], ruleSet: RuleSet): Promise<void> {
    const settings = ruleSet.rules['merchant.rollup'];
    if (merchants.length === 0 || !settings?.enabled) return;
    const params = settings.params as { minAccounts: number; windowDays: number };
    // Every flag, however old: the window is a span of event time, not the last days of the clock.
    const flags = await this.merchants.merchantFlags(db, [...new Set(merchants)]);
    for (const hit of merchantRollup(flags, params)) {
      await this.merchants.saveFlaggedMerchant(db, hit, ruleSet.version);
      this.log.warn({ msg: 'merchant flagged', merchantId: hit.merchantId, accounts: hit.accounts.length });
    }
  }
}
