import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '@sentinel/platform';
import { CasesController } from './cases.controller';
import { CONSOLE_CONFIG, type ConsoleConfig } from './console.config';
import { MerchantsController } from './merchants.controller';
import { MessagesController } from './messages.controller';
import { RuleSetsService } from './rules/rule-sets.service';
import { RulesController } from './rules/rules.controller';
import { SupervisorGuard } from './rules/supervisor.guard';

@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [CoreModule.forRoot(config.core)],
      controllers: [CasesController, MessagesController, MerchantsController, RulesController],
      providers: [{ provide: CONSOLE_CONFIG, useValue: config }, RuleSetsService, SupervisorGuard],
    };
  }
}
