import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DATABASE, type Database, Deliveries, DeliveriesRepository, SmsOutbox } from '@sentinel/persistence';
import { CoreModule } from '@sentinel/service-kit';
import { systemClock } from '@sentinel/rules';
import { AlertsConsumer } from './alerts.consumer';
import { EMAIL_SENDER, SMS_SENDER } from './channels/channel';
import { DryRunSmsDriver } from './channels/dry-run-sms.driver';
import { SmtpDriver } from './channels/smtp.driver';
import { TwilioSmsDriver } from './channels/twilio-sms.driver';
import { InFlightDeliveries } from './in-flight-deliveries';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier.config';
import { CLOCK } from './notifier.tokens';
import { EscalationScheduler } from './escalation.scheduler';
import { RetryScheduler } from './retry.scheduler';
import { TwilioStatusController } from './twilio-status.controller';
import { SendAlertService } from './send-alert.service';

class ChannelLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EMAIL_SENDER) private readonly smtp: SmtpDriver) {}

  onApplicationShutdown(): void {
    this.smtp.close();
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
        { provide: CLOCK, useValue: systemClock },
        {
          provide: EMAIL_SENDER,
          useFactory: () => new SmtpDriver(config.smtpUrl, config.mailFrom, undefined, config.smtpPoolSize),
        },
        {
          provide: SMS_SENDER,
          inject: [SmsOutbox],
          useFactory: (outbox: SmsOutbox) => (config.twilio ? new TwilioSmsDriver(config.twilio) : new DryRunSmsDriver(outbox)),
        },
        ChannelLifecycle,
        { provide: Deliveries, inject: [DATABASE], useFactory: (database: Database) => new DeliveriesRepository(database) },
        InFlightDeliveries,
        SendAlertService,
        RetryScheduler,
        EscalationScheduler,
      ],
    };
  }
}
