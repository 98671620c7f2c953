import { Topics } from '@sentinel/contracts';
import { KafkaBatchServer } from '@sentinel/messaging';
import { bootstrap, KAFKA } from '@sentinel/platform';
import { loadDetectorConfig } from './detector.config';
import { DetectorModule } from './detector.module';

void bootstrap({
  load: loadDetectorConfig,
  module: DetectorModule.forRoot,
  transport: (app, config) =>
    new KafkaBatchServer({
      kafka: app.get(KAFKA),
      settings: config.core.kafka,
      group: 'sentinel-detector',
      topics: [Topics.accountEvents],
    }),
});
