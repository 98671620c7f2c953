import { type DynamicModule, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Deliveries, DeliveriesRepository } from '@sentinel/persistence';
import { CoreModule } from '@sentinel/platform';
import type { DataSource } from 'typeorm';
import { AlertsConsumer } from './alerts.consumer';
import { EMAIL_SENDER, SMS_SENDER } from './channels/channel';
import { DryRunSmsDriver } from './channels/dry-run-sms.driver';
import { SmtpDriver } from './channels/smtp.driver';
import { TwilioSmsDriver } from './channels/twilio-sms.driver';
import { InFlightDeliveries } from './in-flight-deliveries';
import { MailCatcher } from './mail-catcher';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';
import { EscalationScheduler } from './escalation.scheduler';
import { RetryScheduler } from './retry.scheduler';
import { TwilioStatusController } from './twilio-status.controller';
import { SendAlertService } from './send-alert.service';

const MAIL_CATCHER = Symbol('MailCatcher');

class ChannelLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(MAIL_CATCHER) private readonly catcher: MailCatcher | null,
    @Inject(EMAIL_SENDER) private readonly smtp: SmtpDriver,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.catcher?.listen(this.config.mailCatcherPort);
  }

  async onApplicationShutdown(): Promise<void> {
    this.smtp.close();
    await this.catcher?.close();
  }
}

@Module({})
export class NotifierModule {
  static forRoot(config: NotifierConfig): DynamicModule {
    return {
      module: NotifierModule,
      imports: [CoreModule.forRoot(config.core)],
      controllers: [AlertsConsumer, TwilioStatusController],
      providers: [
        { provide: NOTIFIER_CONFIG, useValue: config },
        {
          provide: MAIL_CATCHER,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => (config.smtpUrl ? null : new MailCatcher(dataSource)),
        },
        {
          provide: EMAIL_SENDER,
          useFactory: () => new SmtpDriver(config.smtpUrl ?? `smtp://127.0.0.1:${config.mailCatcherPort}`, config.mailFrom, undefined, config.smtpPoolSize),
        },
        {
          provide: SMS_SENDER,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) =>
            config.twilio ? new TwilioSmsDriver(config.twilio) : new DryRunSmsDriver(dataSource),
        },
        ChannelLifecycle,
        { provide: Deliveries, inject: [getDataSourceToken()], useFactory: (dataSource: DataSource) => new DeliveriesRepository(dataSource) },
        InFlightDeliveries,
        SendAlertService,
        RetryScheduler,
        EscalationScheduler,
      ],
    };
  }
}
