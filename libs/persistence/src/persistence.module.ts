import { type Abstract, Global, Module, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AnswerableCases, AnswerableCasesRepository } from './repositories/gateway/answerable-cases.repository';
import { AlertLinks, AlertLinksRepository } from './repositories/notifier/alert-links.repository';
import { SmsOutbox, SmsOutboxRepository } from './repositories/notifier/sms-outbox.repository';
import { UnansweredAlerts, UnansweredAlertsRepository } from './repositories/notifier/unanswered-alerts.repository';
import { RuleSetRepository, RuleSets } from './repositories/rule-set.repository';
import { ConsoleSecrets, ConsoleSecretsRepository } from './repositories/console/console-secrets.repository';
import { SavedFilters, SavedFiltersRepository } from './repositories/console/saved-filters.repository';
import { RingGroups, RingGroupsRepository } from './repositories/console/ring-groups.repository';
import { CaughtMessages, CaughtMessagesRepository } from './repositories/console/caught-messages.repository';
import { FlaggedMerchants, FlaggedMerchantsRepository } from './repositories/console/flagged-merchants.repository';
import { ConsoleStats, ConsoleStatsRepository } from './repositories/console/console-stats.repository';
import { StepUps, StepUpsRepository } from './repositories/console/step-ups.repository';
import { ResolvedScores, ResolvedScoresRepository } from './repositories/console/resolved-scores.repository';
import { BacktestCases, BacktestCasesRepository } from './repositories/console/backtest-cases.repository';
import { StoredBacktests, StoredBacktestsRepository } from './backtest/stored-backtests.repository';
import { ApprovalRequests, ApprovalRequestsRepository } from './repositories/console/approval-requests.repository';
import { AuditTrail, AuditTrailRepository } from './repositories/console/audit-trail.repository';
import { CaseFile, CaseFileRepository } from './repositories/console/case-file.repository';
import { CaseRecords, CaseRecordsRepository } from './repositories/console/case-records.repository';
import { AnalystDirectory, AnalystDirectoryRepository } from './repositories/console/analyst-directory.repository';
import { AnalystAccounts, AnalystAccountsRepository } from './repositories/console/analyst-accounts.repository';
import { AnalystCredentials, AnalystCredentialsRepository } from './repositories/console/analyst-credentials.repository';
import { EntityGraph, EntityGraphRepository } from './repositories/console/entity-graph.repository';
import { AccountCases, AccountCasesRepository } from './repositories/console/account-cases.repository';
import { RuleOutcomes, RuleOutcomesRepository } from './repositories/console/rule-outcomes.repository';
import { SlaBreaches, SlaBreachesRepository } from './repositories/console/sla-breaches.repository';
import { AnalystNotifications, AnalystNotificationsRepository } from './repositories/console/analyst-notifications.repository';
import { AnswerLinks, AnswerLinksRepository } from './repositories/console/answer-links.repository';
import { RoutingRules, RoutingRulesRepository } from './repositories/console/routing-rules.repository';
import { RuleSnoozes, RuleSnoozesRepository } from './repositories/console/rule-snoozes.repository';
import { LiveSessions, LiveSessionsRepository } from './repositories/console/live-sessions.repository';
import { CaseQueue, CaseQueueRepository } from './repositories/console/case-queue.repository';
import { CaseChanges, CaseChangesRepository } from './repositories/console/case-changes.repository';
import { CaseSearch, CaseSearchRepository } from './repositories/console/case-search.repository';
import { DataSourceTransactions, Transactions } from './transactions';

/**
 * The data source, for the libs that take one (the outbox relay, the dead-letter sink, the
 * deliveries, the stored backtest). An app only hands it on: its own SQL goes through a port.
 */
export type Database = DataSource;
export const DATABASE = getDataSourceToken();

/** Each port, as the injection token, with its one implementation, built on the service's data source. */
const BINDINGS: [Abstract<unknown>, new (dataSource: DataSource) => unknown][] = [
  [Transactions, DataSourceTransactions],
  [RuleSets, RuleSetRepository],
  [AnswerableCases, AnswerableCasesRepository],
  [AlertLinks, AlertLinksRepository],
  [SmsOutbox, SmsOutboxRepository],
  [UnansweredAlerts, UnansweredAlertsRepository],
  [ConsoleSecrets, ConsoleSecretsRepository],
  [SavedFilters, SavedFiltersRepository],
  [RingGroups, RingGroupsRepository],
  [CaughtMessages, CaughtMessagesRepository],
  [FlaggedMerchants, FlaggedMerchantsRepository],
  [ConsoleStats, ConsoleStatsRepository],
  [StepUps, StepUpsRepository],
  [ResolvedScores, ResolvedScoresRepository],
  [BacktestCases, BacktestCasesRepository],
  [StoredBacktests, StoredBacktestsRepository],
  [ApprovalRequests, ApprovalRequestsRepository],
  [AuditTrail, AuditTrailRepository],
  [CaseFile, CaseFileRepository],
  [CaseRecords, CaseRecordsRepository],
  [AnalystDirectory, AnalystDirectoryRepository],
  [AnalystAccounts, AnalystAccountsRepository],
  [AnalystCredentials, AnalystCredentialsRepository],
  [EntityGraph, EntityGraphRepository],
  [AccountCases, AccountCasesRepository],
  [RuleOutcomes, RuleOutcomesRepository],
  [SlaBreaches, SlaBreachesRepository],
  [AnalystNotifications, AnalystNotificationsRepository],
  [AnswerLinks, AnswerLinksRepository],
  [RoutingRules, RoutingRulesRepository],
  [RuleSnoozes, RuleSnoozesRepository],
  [LiveSessions, LiveSessionsRepository],
  [CaseQueue, CaseQueueRepository],
  [CaseChanges, CaseChangesRepository],
  [CaseSearch, CaseSearchRepository],
];

/**
 * The ports through which the apps read and write Postgres, each an abstract class (the injection
 * token) bound to its implementation here. Global, beside the TypeORM connection of CoreModule.
 */
@Global()
@Module({
  providers: BINDINGS.map(([token, Implementation]): Provider => ({ provide: token, inject: [DATABASE], useFactory: (dataSource: DataSource) => new Implementation(dataSource) })),
  exports: BINDINGS.map(([token]) => token),
})
export class PersistenceModule {}
