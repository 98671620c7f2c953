import { type DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { CoreModule } from '@sentinel/platform';
import { CasesController } from './cases.controller';
import { CONSOLE_CONFIG, type ConsoleConfig } from './console.config';
import { MerchantsController } from './merchants.controller';
import { MessagesController } from './messages.controller';
import { RuleSetsService } from './rules/rule-sets.service';
import { RulesController } from './rules/rules.controller';
import { SupervisorGuard } from './rules/supervisor.guard';
import { BorrowerAnswersService } from './verify/borrower-answers.service';
import { VerifyController } from './verify/verify.controller';

@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [CoreModule.forRoot(config.core), ThrottlerModule.forRoot([{ ttl: 60_000, limit: config.verifyRateLimit }])],
      controllers: [CasesController, MessagesController, MerchantsController, RulesController, VerifyController],
      providers: [{ provide: CONSOLE_CONFIG, useValue: config }, RuleSetsService, SupervisorGuard, BorrowerAnswersService],
    };
  }
}
