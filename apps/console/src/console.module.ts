import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '@sentinel/platform';
import { CasesController } from './cases.controller';
import type { ConsoleConfig } from './console.config';
import { MessagesController } from './messages.controller';

@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [CoreModule.forRoot(config.core)],
      controllers: [CasesController, MessagesController],
    };
  }
}
