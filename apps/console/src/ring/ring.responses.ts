import { ENTITY_KINDS } from '@sentinel/rules';
import { z } from 'zod';
import { named } from '../api-responses';
import { caseStatus } from '../cases/case.responses';

export const caseRing = named(
  'CaseRing',
  z.object({
    accountId: z.string().describe("the ring's centre: the case's account, or the account asked for with `around`"),
    limits: z.object({ hops: z.number().int(), entitiesPerAccount: z.number().int(), accountsPerEntity: z.number().int(), maxNodes: z.number().int() }),
    truncated: z.object({ entities: z.boolean(), accounts: z.boolean(), nodes: z.boolean() }).describe('which bound cut the ring short'),
    nodes: z.array(
      z.object({
        accountId: z.string(),
        hop: z.number().int(),
        case: z
          .object({ id: z.uuid(), referenceCode: z.string(), status: caseStatus, decision: z.enum(['alert', 'urgent']), score: z.number() })
          .nullable()
          .describe('its open case, else its newest'),
      }),
    ),
    entities: z.array(
      z.object({
        kind: z.enum(ENTITY_KINDS),
        value: z.string().describe('whole, for the pivot link'),
        masked: z.string(),
        hop: z.number().int(),
        accounts: z.array(z.string()),
        moreAccounts: z.boolean(),
        firstAt: z.iso.datetime().nullable().describe("when it first tied one of the graph's accounts"),
        lastAt: z.iso.datetime().nullable().describe("when it last tied one of the graph's accounts: what the page's period filter reads"),
      }),
    ),
  }),
);
