import { bootstrap, serveApiDocs } from '@sentinel/service-kit';
import { gatewayOpenApiDocument } from './gateway-openapi';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

void bootstrap({
  load: loadGatewayConfig,
  module: (config) => GatewayModule.forRoot(config),
  bodyLimit: (config) => config.bodyLimit,
  configure: (app, config) => {
    // Answers are posts and no-store: an ETag (a SHA-1 of every body) would never be used.
    app.set('etag', false);
    return serveApiDocs(app, gatewayOpenApiDocument(app, config.publicUrl));
  },
});
