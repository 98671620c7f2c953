import { Topics } from '@sentinel/contracts';
import { bootstrap, kafkaTransport } from '@sentinel/service-kit';
import { type DetectorConfig, loadDetectorConfig } from './detector.config';
import { DetectorModule } from './detector.module';

void bootstrap({
  load: loadDetectorConfig,
  module: (config) => DetectorModule.forRoot(config),
  transport: kafkaTransport<DetectorConfig>(
    'sentinel-detector',
    [Topics.accountEvents],
    (config) => config.concurrency,
    // A group member per partition worked on: each fetches for itself, so no partition's events
    // wait behind another partition's slower batch (kafkajs fetches again for a member only once
    // every batch of its last fetch is done).
    (config) => config.concurrency,
  ),
});
