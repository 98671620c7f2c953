import {
  AnalystDirectoryRepository,
  AnalystNotificationsRepository,
  ApprovalRequestsRepository,
  AuditTrailRepository,
  CaseFileRepository,
  CaseQueueRepository,
  CaseRecordsRepository,
  DataSourceTransactions,
  RuleOutcomesRepository,
  RuleSetRepository,
} from '@sentinel/persistence';
import type { ApiResult } from '@sentinel/contracts';
import { unwrap } from '@sentinel/service-kit';
import type { DataSource } from 'typeorm';
import { ApprovalsService } from './approvals/approvals.service';
import { CaseBulkService } from './case-work/case-bulk.service';
import { CaseExportService } from './case-work/case-export.service';
import { CaseActionsService } from './cases/case-actions.service';
import { CaseDetailService } from './cases/case-detail.service';
import { CaseQueueService } from './cases/case-queue.service';
import type { ConsoleConfig } from './console.config';
import { RuleSetsService } from './rules/rule-sets.service';

/** The console's case services on a test database, each port built on it as PersistenceModule binds them. */
export const caseActionsOn = (db: DataSource, config: Pick<ConsoleConfig, 'fourEyes'>) =>
  new CaseActionsService(
    new DataSourceTransactions(db),
    new CaseRecordsRepository(),
    new ApprovalRequestsRepository(),
    new AnalystDirectoryRepository(),
    new AnalystNotificationsRepository(db),
    config,
  );

export const caseBulkOn = (db: DataSource, actions: CaseActionsService) =>
  new CaseBulkService(new DataSourceTransactions(db), new CaseRecordsRepository(), new AnalystDirectoryRepository(), actions);

export const caseQueueOn = (db: DataSource, config: Pick<ConsoleConfig, 'caseSlaMinutes'>) => new CaseQueueService(new CaseQueueRepository(db), config);

export const caseExportOn = (db: DataSource, config: Pick<ConsoleConfig, 'caseSlaMinutes' | 'publicBaseUrl' | 'exportMaxRows'>) =>
  new CaseExportService(new CaseQueueRepository(db), new DataSourceTransactions(db), config);

export const caseDetailOn = (db: DataSource) =>
  new CaseDetailService(new CaseFileRepository(db), new DataSourceTransactions(db), new ApprovalRequestsRepository(), new AuditTrailRepository(db));

export const approvalsOn = (db: DataSource, ruleSets: RuleSetsService, actions: CaseActionsService) =>
  new ApprovalsService(new DataSourceTransactions(db), new ApprovalRequestsRepository(), ruleSets, actions);

export const ruleSetsOn = (db: DataSource) => new RuleSetsService(new DataSourceTransactions(db), new RuleSetRepository(db), new RuleOutcomesRepository(db));

/** A service's answer as its route gives it: the value, or the refusal thrown as the route's HTTP error. */
export const answered = async <R extends ApiResult<unknown>>(result: Promise<R>): Promise<Extract<R, { ok: true }>['value']> => unwrap(await result);
