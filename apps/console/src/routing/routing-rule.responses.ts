import { z } from 'zod';
import { named, timestamp } from '../api-responses';
import { ROUTING_KINDS } from './routing-rule.schema';

export const routingRule = named(
  'RoutingRule',
  z.object({
    id: z.uuid(),
    kind: z.enum(ROUTING_KINDS),
    value: z.string().describe('a rule id, a merchant id, zh-CN or en, or a score band such as 80-100'),
    analyst: z.object({ id: z.uuid(), displayName: z.string() }),
    createdBy: z.string(),
    createdAt: timestamp,
  }),
);

export const routingRuleList = named('RoutingRuleList', z.object({ items: z.array(routingRule), bands: z.array(z.string()).describe('the score bands a rule may name') }));
