import { ApprovalsController } from './approvals/approvals.controller';
import { ApprovalsService } from './approvals/approvals.service';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { CoreModule } from '@sentinel/service-kit';
import { AuditController } from './audit/audit.controller';
import { CaseBulkService } from './case-work/case-bulk.service';
import { CaseExportService } from './case-work/case-export.service';
import { CaseWorkController } from './case-work/case-work.controller';
import { SavedFiltersController } from './case-work/saved-filters.controller';
import { SavedFiltersService } from './case-work/saved-filters.service';
import { AnalystsController } from './auth/analysts.controller';
import { AnalystsService } from './auth/analysts.service';
import { SessionController } from './auth/session.controller';
import { SessionGuard } from './auth/session.guard';
import { SessionsService } from './auth/sessions.service';
import { SessionEnds } from './auth/session-ends';
import { IpMasker } from './ip-mask/ip-masker';
import { MaskIpsInterceptor } from './ip-mask/mask-ips.interceptor';
import { CaseActionsService } from './cases/case-actions.service';
import { CaseRoutingService } from './cases/case-routing.service';
import { CaseDetailService } from './cases/case-detail.service';
import { CaseQueueService } from './cases/case-queue.service';
import { CasesController } from './cases/cases.controller';
import { CONSOLE_CONFIG, type ConsoleConfig } from './console.config';
import { EntitiesController } from './entities/entities.controller';
import { EntityLinksService } from './entities/entity-links.service';
import { MerchantsController } from './merchants/merchants.controller';
import { MessagesController } from './messages.controller';
import { RuleBacktestService } from './rules/rule-backtest.service';
import { RuleSetsService } from './rules/rule-sets.service';
import { RulesController } from './rules/rules.controller';
import { ScoreCalibrationService } from './rules/score-calibration.service';
import { SnoozesController } from './snoozes/snoozes.controller';
import { RoutingRulesController } from './routing/routing-rules.controller';
import { RoutingRulesService } from './routing/routing-rules.service';
import { SnoozesService } from './snoozes/snoozes.service';
import { StatsController } from './stats/stats.controller';
import { StepUpsController } from './step-ups/step-ups.controller';
import { StepUpsService } from './step-ups/step-ups.service';
import { BorrowerAnswersService } from './verify/borrower-answers.service';
import { VerifyController } from './verify/verify.controller';
// Find, ring and live updates (issue #14).
import { CaseFeedService } from './live/case-feed.service';
import { LiveController } from './live/live.controller';
import { RingController } from './ring/ring.controller';
import { RingService } from './ring/ring.service';
import { RingGroupsController } from './ring/ring-groups.controller';
import { RingGroupsService } from './ring/ring-groups.service';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';
// SLA that acts (#24).
import { SlaController } from './sla/sla.controller';
import { SlaEscalationScheduler } from './sla/sla-escalation.scheduler';
import { SlaService } from './sla/sla.service';

@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        CoreModule.forRoot(config.core),
        // Two budgets per IP, each applied where ThrottlerGuard is used and the other is skipped.
        ThrottlerModule.forRoot([
          { name: 'verify', ttl: 60_000, limit: config.verifyRateLimit },
          { name: 'login', ttl: 60_000, limit: config.login.ratePerMinute },
        ]),
      ],
      controllers: [
        SessionController,
        AnalystsController,
        // Before CasesController, whose GET :id would otherwise take /api/cases/export.
        CaseWorkController,
        SavedFiltersController,
        CasesController,
        SnoozesController,
        RoutingRulesController,
        AuditController,
        MessagesController,
        MerchantsController,
        EntitiesController,
        RulesController,
        ApprovalsController,
        StatsController,
        StepUpsController,
        VerifyController,
        SearchController,
        RingController,
        RingGroupsController,
        LiveController,
        SlaController,
      ],
      providers: [
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: SessionGuard },
        SessionsService,
        SessionEnds,
        AnalystsService,
        CaseQueueService,
        CaseDetailService,
        CaseActionsService,
        CaseRoutingService,
        RoutingRulesService,
        CaseBulkService,
        CaseExportService,
        SavedFiltersService,
        SnoozesService,
        RuleSetsService,
        ApprovalsService,
        RuleBacktestService,
        StepUpsService,
        ScoreCalibrationService,
        BorrowerAnswersService,
        EntityLinksService,
        SearchService,
        RingService,
        RingGroupsService,
        CaseFeedService,
        SlaService,
        SlaEscalationScheduler,
        IpMasker,
        { provide: APP_INTERCEPTOR, useClass: MaskIpsInterceptor },
      ],
    };
  }
}
