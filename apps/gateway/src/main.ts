import { bootstrap } from '@sentinel/platform';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

void bootstrap({
  load: loadGatewayConfig,
  module: (config) => GatewayModule.forRoot(config),
  bodyLimit: (config) => config.bodyLimit,
});
