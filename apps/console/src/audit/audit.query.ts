import { z } from 'zod';
import { instant } from '../instant';

export const auditQuery = z
  .strictObject({
    entityType: z.enum(['case', 'account', 'analyst', 'rule_set']).optional(),
    entityId: z.string().min(1).max(100).optional(),
    actor: z.string().trim().min(1).max(100).optional(),
    /** One action (`case.claimed`), or a family of them (`case`). */
    action: z
      .string()
      .trim()
      .regex(/^[a-z_]+(\.[a-z_]+)?$/, 'must be an action such as case.claimed, or a family such as case')
      .optional(),
    /** A case by id or by the reference code borrowers quote. */
    case: z.string().trim().min(1).max(100).optional(),
    /** An account: entries about it and about each of its cases. */
    account: z.string().trim().min(1).max(100).optional(),
    from: instant('2026-11-01T00:00:00+08:00').optional(),
    to: instant('2026-11-30T00:00:00Z').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** The smallest id of the previous page: older entries follow. */
    before: z.coerce.number().int().min(1).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'must be later than from' });

export type AuditQuery = z.infer<typeof auditQuery>;
