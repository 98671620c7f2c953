import { Topics } from '@sentinel/contracts';
import { bootstrap, kafkaTransport } from '@sentinel/platform';
import { type DetectorConfig, loadDetectorConfig } from './detector.config';
import { DetectorModule } from './detector.module';

void bootstrap({
  load: loadDetectorConfig,
  module: (config) => DetectorModule.forRoot(config),
  transport: kafkaTransport<DetectorConfig>('sentinel-detector', [Topics.accountEvents], (config) => config.concurrency),
});
