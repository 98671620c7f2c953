import type { MessagePublisher, OutboxRelay } from '@sentinel/messaging';
import {
  CasesRepository,
  ContactsRepository,
  DataSourceTransactions,
  DeferredEvaluationsRepository,
  DocumentsRepository,
  EntityIndexRepository,
  EventLogRepository,
  MerchantsRepository,
  OutboxRepository,
} from '@sentinel/persistence';
import { createRegistry } from '@sentinel/service-kit';
import { type Clock, systemClock } from '@sentinel/rules';
import type { DataSource } from 'typeorm';
import { AccountStateStore } from './account-state.store';
import { DetectBatchService } from './detect-batch.service';
import { DetectorMetrics } from './detector.metrics';
import type { LiveRuleSet } from './live-rule-set';
import { OutcomeWriter } from './outcome.writer';

const DAY_MS = 86_400_000;

/** What a spec must give: the connections and the rule set it shares between detectors. */
interface Given {
  dataSource: DataSource;
  publisher: MessagePublisher;
  relay: OutboxRelay;
  ruleSets: LiveRuleSet;
}

/** What a spec may change; the rest is a detector as production builds it, told of events up to 400 days old. */
interface Overrides {
  clock?: Clock;
  latenessMs?: number;
  alertMaxAgeMs?: number;
  snapshotEvery?: number;
  metrics?: DetectorMetrics;
}

/**
 * One detector instance over real Postgres for the int specs: its own metrics and states in
 * memory, with the parts a spec goes on to use (a scheduler, a second instance's store) returned.
 */
export function detectorUnderTest(given: Given, overrides: Overrides = {}) {
  const clock = overrides.clock ?? systemClock;
  const metrics = overrides.metrics ?? new DetectorMetrics(createRegistry('test'));
  const repositories = {
    eventLog: new EventLogRepository(),
    cases: new CasesRepository(),
    contacts: new ContactsRepository(),
    documents: new DocumentsRepository(),
    deferredEvaluations: new DeferredEvaluationsRepository(),
    merchants: new MerchantsRepository(),
    outbox: new OutboxRepository(),
    entityIndex: new EntityIndexRepository(),
  };
  const config = { latenessMs: overrides.latenessMs ?? 60_000, core: { eventTime: { maxFutureMs: 300_000, maxAgeMs: 400 * DAY_MS } } };
  const outcomes = new OutcomeWriter(repositories.cases, repositories.outbox, repositories.merchants, metrics, clock, { alertMaxAgeMs: overrides.alertMaxAgeMs ?? 400 * DAY_MS });
  const states = new AccountStateStore({ stateCacheBytes: 16 * 1_048_576, snapshotEvery: overrides.snapshotEvery ?? 50 }, repositories.eventLog, metrics);
  const r = repositories;
  const detector = new DetectBatchService(
    new DataSourceTransactions(given.dataSource),
    given.dataSource,
    given.publisher,
    clock,
    config,
    given.ruleSets,
    r.eventLog,
    r.cases,
    r.contacts,
    r.documents,
    r.deferredEvaluations,
    outcomes,
    given.relay,
    metrics,
    states,
    r.entityIndex,
  );
  return { detector, metrics, states, outcomes, repositories };
}
