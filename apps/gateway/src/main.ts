import { bootstrap, serveApiDocs } from '@sentinel/service-kit';
import { gatewayOpenApiDocument } from './gateway-openapi';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

void bootstrap({
  load: loadGatewayConfig,
  module: (config) => GatewayModule.forRoot(config),
  // Fastify: the ingest path is the busiest HTTP route of the system (docs/operations.md, Benchmark).
  // It sets no ETag, which Express computed (a SHA-1 of every body) for answers that are posts and no-store.
  platform: 'fastify',
  bodyLimit: (config) => config.bodyLimit,
  configure: (app, config) => serveApiDocs(app, gatewayOpenApiDocument(app, config.publicUrl)),
});
