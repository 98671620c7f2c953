import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PublicRoute } from './public-route';

export const METRICS = Symbol('MetricsRegistry');

export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[] = []) {
  return new Counter<L>({ name, help, labelNames, registers: [registry] });
}

/** `read`, when given, sets the value at every scrape. */
export function gauge(registry: Registry, name: string, help: string, read?: () => number) {
  return new Gauge({
    name,
    help,
    registers: [registry],
    ...(read
      ? {
          collect(this: Gauge) {
            this.set(read());
          },
        }
      : {}),
  });
}

export function histogram<L extends string>(registry: Registry, name: string, help: string, buckets: number[], labelNames: L[] = []) {
  return new Histogram<L>({ name, help, buckets, labelNames, registers: [registry] });
}

@Controller('metrics')
@PublicRoute()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics of this service' })
  @ApiResponse({ status: 200, description: 'The Prometheus text format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } })
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
