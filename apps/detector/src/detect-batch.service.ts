import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type AccountEvent,
  type AlertMessage,
  describeFailure,
  type EventOf,
  maskCard,
  parseAccountEvent,
  Topics,
} from '@sentinel/contracts';
import { deadLetter, type IncomingBatch, MESSAGE_PUBLISHER, type MessagePublisher, OutboxRelay } from '@sentinel/messaging';
import { DetectionRepository } from '@sentinel/persistence';
import { type AccountState, type Clock, emptyAccountState, type Evaluation, evaluateEvent, evolve, type RuleSet } from '@sentinel/rules';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DetectorMetrics } from './detector.metrics';
import { CLOCK, RULE_SET } from './detector.tokens';
import { referenceCode } from './reference-code';

interface Finding {
  event: AccountEvent;
  evaluation: Evaluation & { decision: 'alert' | 'urgent' };
}

/**
 * Detects over one batch: decode and validate, dead-letter what is invalid, then in one
 * transaction record the events (dropping redelivered ids), fold them into account state, and
 * write cases, hits and alert outbox rows. The caller commits offsets only after this resolves.
 */
@Injectable()
export class DetectBatchService {
  private readonly log = new Logger(DetectBatchService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RULE_SET) private readonly ruleSet: RuleSet,
    private readonly repository: DetectionRepository,
    private readonly relay: OutboxRelay,
    private readonly metrics: DetectorMetrics,
  ) {}

  async handle(batch: IncomingBatch): Promise<void> {
    const timer = this.metrics.batchSeconds.startTimer();
    const events: AccountEvent[] = [];
    const rejected = [];
    for (const message of batch.messages) {
      const parsed = parseAccountEvent(message.value);
      if (parsed.ok) {
        events.push(parsed.value);
        continue;
      }
      this.log.warn({
        msg: 'dead-lettering invalid event',
        reason: describeFailure(parsed.error).slice(0, 500),
        partition: batch.partition,
        offset: message.offset,
      });
      rejected.push(deadLetter({ topic: batch.topic, partition: batch.partition, message }, parsed.error, this.clock.now()));
    }
    // Dead letters are durable before the offsets move past them.
    await this.publisher.publish(Topics.accountEventsDlq, rejected);
    this.metrics.events.inc({ outcome: 'dead_lettered' }, rejected.length);

    const findings = events.length ? await this.dataSource.transaction((db) => this.detect(db, events)) : [];
    if (findings.length) this.relay.wake();
    timer();
  }

  private async detect(db: EntityManager, events: AccountEvent[]): Promise<Finding[]> {
    const fresh = await this.repository.recordEvents(db, events);
    this.metrics.events.inc({ outcome: 'duplicate' }, events.length - fresh.size);
    if (fresh.size === 0) return [];
    const newEvents = events.filter((event) => fresh.has(event.id));
    const accountIds = [...new Set(newEvents.map((e) => e.accountId))];
    const stored = await this.repository.loadStates(db, accountIds);
    const states = new Map<string, AccountState>(accountIds.map((id) => [id, stored.get(id) ?? emptyAccountState(id)]));

    const findings: Finding[] = [];
    for (const event of newEvents) {
      const before = states.get(event.accountId)!;
      const evaluation = evaluateEvent(this.ruleSet, before, event, this.clock);
      if (evaluation.decision === 'alert' || evaluation.decision === 'urgent') {
        findings.push({ event, evaluation: evaluation as Finding['evaluation'] });
      }
      states.set(event.accountId, evolve(before, event));
    }
    await this.repository.saveStates(db, [...states.values()]);
    await this.repository.applyContactChanges(
      db,
      newEvents.filter((e): e is EventOf<'contact.changed'> => e.type === 'contact.changed'),
    );
    for (const finding of findings) await this.openCase(db, finding);
    this.metrics.events.inc({ outcome: 'processed' }, newEvents.length);
    return findings;
  }

  private async openCase(db: EntityManager, { event, evaluation }: Finding): Promise<void> {
    const version = this.ruleSet.version;
    const caseRef = await this.repository.openOrJoinCase(db, {
      id: randomUUID(),
      referenceCode: referenceCode(),
      accountId: event.accountId,
      decision: evaluation.decision,
      score: evaluation.score,
      ruleSetVersion: version,
      correlationId: event.correlationId,
    });
    await this.repository.insertHits(db, caseRef.id, event.id, version, evaluation.hits);
    const alert: AlertMessage = {
      alertId: randomUUID(),
      caseId: caseRef.id,
      accountId: event.accountId,
      referenceCode: caseRef.referenceCode,
      decision: evaluation.decision,
      ruleSetVersion: version,
      createdAt: this.clock.now().toISOString(),
      correlationId: event.correlationId,
      event: {
        id: event.id,
        type: event.type,
        occurredAt: event.occurredAt,
        channel: event.channel,
        cardMasked: 'card' in event.payload ? maskCard(event.payload.card) : undefined,
        deviceId: event.device?.id,
      },
      hits: evaluation.hits.map(({ ruleId, severity, score, explanation }) => ({ ruleId, severity, score, explanation })),
    };
    await this.repository.enqueueAlert(db, alert, Topics.accountAlerts);
    this.metrics.cases.inc({ decision: evaluation.decision, opened: String(caseRef.opened) });
    this.log.log({
      msg: caseRef.opened ? 'case opened' : 'case joined',
      caseId: caseRef.id,
      rules: evaluation.hits.map((h) => h.ruleId),
      correlationId: event.correlationId,
    });
  }
}
