import { Topics } from '@sentinel/contracts';
import { KafkaBatchServer } from '@sentinel/messaging';
import { bootstrap, KAFKA } from '@sentinel/platform';
import { loadNotifierConfig } from './notifier.config';
import { NotifierModule } from './notifier.module';

void bootstrap({
  load: loadNotifierConfig,
  module: NotifierModule.forRoot,
  transport: (app, config) =>
    new KafkaBatchServer({
      kafka: app.get(KAFKA),
      settings: config.core.kafka,
      group: 'sentinel-notifier',
      topics: [Topics.accountAlerts],
    }),
});
