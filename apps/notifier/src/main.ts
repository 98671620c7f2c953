import { Topics } from '@sentinel/contracts';
import { bootstrap, kafkaTransport } from '@sentinel/service-kit';
import { loadNotifierConfig, type NotifierConfig } from './notifier.config';
import { NotifierModule } from './notifier.module';

void bootstrap({
  load: loadNotifierConfig,
  module: (config) => NotifierModule.forRoot(config),
  transport: kafkaTransport<NotifierConfig>('sentinel-notifier', [Topics.accountAlerts], (config) => config.concurrency),
  // Twilio posts delivery receipts as form data.
  configure: (app) => void app.useBodyParser('urlencoded', { extended: false, limit: '16kb' }),
});
