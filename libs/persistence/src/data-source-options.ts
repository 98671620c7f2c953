import type { DataSourceOptions } from 'typeorm';
import { parseDatabaseUrl } from './connection/database-url';
import { needsPrimaryClient, primaryClientClass } from './connection/primary-client';
import { AnalystEntity } from './entities/analyst.entity';
import { RuleSnoozeEntity } from './entities/rule-snooze.entity';
import { AccountContactEntity } from './entities/account-contact.entity';
import { AccountEventEntity } from './entities/account-event.entity';
import { AuditLogEntity } from './entities/audit-log.entity';
import { FlaggedMerchantEntity } from './entities/flagged-merchant.entity';
import { RuleSetEntity } from './entities/rule-set.entity';
import { CaughtMailEntity } from './entities/caught-mail.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { FraudCaseEntity } from './entities/fraud-case.entity';
import { RuleHitEntity } from './entities/rule-hit.entity';
import { SmsOutboxEntity } from './entities/sms-outbox.entity';
import { Foundation1764000000000 } from './migrations/1764000000000-Foundation';
import { RuleCatalog1764100000000 } from './migrations/1764100000000-RuleCatalog';
import { BorrowerAnswers1764200000000 } from './migrations/1764200000000-BorrowerAnswers';
import { DeliveryRetries1764300000000 } from './migrations/1764300000000-DeliveryRetries';
import { AnalystConsole1764400000000 } from './migrations/1764400000000-AnalystConsole';
import { StateSnapshots1764500000000 } from './migrations/1764500000000-StateSnapshots';
import { DeliveryLeases1764600000000 } from './migrations/1764600000000-DeliveryLeases';
import { DerivedHeads1764700000000 } from './migrations/1764700000000-DerivedHeads';
import { OneVerdictPerEvent1764800000000 } from './migrations/1764800000000-OneVerdictPerEvent';
import { PrecisionRuleDefaults1764810000000 } from './migrations/1764810000000-PrecisionRuleDefaults';
import { EntityIndex1764900000000 } from './migrations/1764900000000-EntityIndex';
import { AnswerTrust1765000000000 } from './migrations/1765000000000-AnswerTrust';
import { RedactStoredAnswerLinks1765000100000 } from './migrations/1765000100000-RedactStoredAnswerLinks';
import { ConsoleFind1765100000000 } from './migrations/1765100000000-ConsoleFind';
import { CaseWorkflow1765110000000 } from './migrations/1765110000000-CaseWorkflow';
import { OutboxRetention1765130000000 } from './migrations/1765130000000-OutboxRetention';
import { HotPathIndexes1765140000000 } from './migrations/1765140000000-HotPathIndexes';
import { UnpublishedDeadLetters1765150000000 } from './migrations/1765150000000-UnpublishedDeadLetters';
import { AnswerOnCaseEvidence1765210000000 } from './migrations/1765210000000-AnswerOnCaseEvidence';
import { MaskStoredFreeText1765220000000 } from './migrations/1765220000000-MaskStoredFreeText';
import { IpMaskKey1765221000000 } from './migrations/1765221000000-IpMaskKey';
import { RankedScoreBands1765225000000 } from './migrations/1765225000000-RankedScoreBands';
import { EventIdentityPerAccount1765230000000 } from './migrations/1765230000000-EventIdentityPerAccount';
import { RoutingRules1765712400000 } from './migrations/1765712400000-RoutingRules';
import { SlaEscalation1765730000000 } from './migrations/1765730000000-SlaEscalation';
import { FourEyes1765740000000 } from './migrations/1765740000000-FourEyes';
import { TeamViews1765750000000 } from './migrations/1765750000000-TeamViews';
import { CollaborationNotifications1765760000000 } from './migrations/1765760000000-CollaborationNotifications';
import { RingInvestigations1765770000000 } from './migrations/1765770000000-RingInvestigations';

const ENTITIES = [
  AccountContactEntity,
  AccountEventEntity,
  AnalystEntity,
  AuditLogEntity,
  CaughtMailEntity,
  DeliveryEntity,
  FlaggedMerchantEntity,
  FraudCaseEntity,
  RuleHitEntity,
  RuleSnoozeEntity,
  RuleSetEntity,
  SmsOutboxEntity,
];

// Listed, not globbed, so the same options work from TypeScript sources (tests, CLI) and from dist.
const MIGRATIONS = [
  Foundation1764000000000,
  RuleCatalog1764100000000,
  BorrowerAnswers1764200000000,
  DeliveryRetries1764300000000,
  AnalystConsole1764400000000,
  StateSnapshots1764500000000,
  DeliveryLeases1764600000000,
  DerivedHeads1764700000000,
  OneVerdictPerEvent1764800000000,
  PrecisionRuleDefaults1764810000000,
  EntityIndex1764900000000,
  AnswerTrust1765000000000,
  RedactStoredAnswerLinks1765000100000,
  ConsoleFind1765100000000,
  CaseWorkflow1765110000000,
  OutboxRetention1765130000000,
  HotPathIndexes1765140000000,
  UnpublishedDeadLetters1765150000000,
  AnswerOnCaseEvidence1765210000000,
  MaskStoredFreeText1765220000000,
  IpMaskKey1765221000000,
  RankedScoreBands1765225000000,
  EventIdentityPerAccount1765230000000,
  RoutingRules1765712400000,
  SlaEscalation1765730000000,
  FourEyes1765740000000,
  TeamViews1765750000000,
  CollaborationNotifications1765760000000,
  RingInvestigations1765770000000,
];

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/sentinel';

/** The one options object behind every app's connection and the TypeORM CLI. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  // Several hosts (a primary and its standby): each new pooled connection finds the one that
  // accepts writes, so the pool follows a promotion. node-postgres reads the first host's URL.
  const multiHost = needsPrimaryClient(url);
  const target = multiHost ? parseDatabaseUrl(url) : undefined;
  return {
    type: 'postgres',
    url: target ? target.urlFor(target.hosts[0]) : url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'sentinel_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: process.env.SERVICE_NAME ?? 'account-sentinel', ...(multiHost ? { Client: primaryClientClass(url) } : {}) },
  };
}
