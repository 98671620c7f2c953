import { type Abstract, Global, Module, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AnswerableCases, AnswerableCasesRepository } from './repositories/gateway/answerable-cases.repository';
import { AlertLinks, AlertLinksRepository } from './repositories/notifier/alert-links.repository';
import { SmsOutbox, SmsOutboxRepository } from './repositories/notifier/sms-outbox.repository';
import { UnansweredAlerts, UnansweredAlertsRepository } from './repositories/notifier/unanswered-alerts.repository';
import { RuleSetRepository, RuleSets } from './repositories/rule-set.repository';
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
