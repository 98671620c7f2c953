import { shutdownEnv } from '@sentinel/service-kit';
import type { z } from 'zod';
import { consoleEnv } from '../../apps/console/src/console.config';
import { detectorEnv } from '../../apps/detector/src/detector.config';
import { gatewayEnv } from '../../apps/gateway/src/gateway.config';
import { notifierEnv } from '../../apps/notifier/src/notifier.config';

export type ServiceName = 'gateway' | 'detector' | 'notifier' | 'console';

/** Every variable each service validates at boot (its own schema and the shutdown grace). */
export const SERVICE_ENV: Record<ServiceName, z.ZodRawShape> = {
  gateway: { ...gatewayEnv, ...shutdownEnv },
  detector: { ...detectorEnv, ...shutdownEnv },
  notifier: { ...notifierEnv, ...shutdownEnv },
  console: { ...consoleEnv, ...shutdownEnv },
};
