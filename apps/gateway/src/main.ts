import { bootstrap, serveApiDocs } from '@sentinel/platform';
import { gatewayOpenApiDocument } from './gateway-openapi';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

void bootstrap({
  load: loadGatewayConfig,
  module: (config) => GatewayModule.forRoot(config),
  bodyLimit: (config) => config.bodyLimit,
  configure: (app) => serveApiDocs(app, gatewayOpenApiDocument(app)),
});
