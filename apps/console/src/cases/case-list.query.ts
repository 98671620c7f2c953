import { SCORE_BANDS } from '@sentinel/rules';
import { z } from 'zod';
import { instant } from '../instant';

const CASE_SORTS = ['priority', 'oldest', 'newest', 'waiting'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

const RULE_ID = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

export const listCasesQuery = z.strictObject({
  status: z.enum(['open', 'in_review', 'resolved', 'unresolved']).optional(),
  priority: z.enum(['normal', 'high']).optional(),
  decision: z.enum(['alert', 'urgent']).optional(),
  resolution: z.enum(['fraud_confirmed', 'legitimate', 'inconclusive']).optional(),
  answer: z.enum(['me', 'not_me', 'none']).optional(),
  rule: z.string().regex(RULE_ID, 'must be a rule id such as loan.without-consent').optional(),
  merchant: z.string().min(1).max(100).optional(),
  account: z.string().min(1).max(100).optional(),
  from: instant('2026-11-01T00:00:00Z').optional(),
  to: instant('2026-11-30T00:00:00Z').optional(),
  assigned: z.union([z.enum(['me', 'unassigned']), z.uuid()], { error: 'must be me, unassigned or an analyst id' }).optional(),
  escalated: z.enum(['true', 'false']).optional(),
  /** Against the waiting-time target (CASE_SLA_MINUTES): over it, or not yet. Both mean not resolved. */
  sla: z.enum(['over', 'within'], { error: 'must be over or within' }).optional(),
  sort: z.enum(CASE_SORTS).default('priority'),
  limit: z.coerce.number().int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
  // Opaque cursor from the previous page, tied to the sort it was made for.
  cursor: z.string().max(300).optional(),
});

export type ListCasesQuery = z.infer<typeof listCasesQuery>;

/** The same filters without paging: what an export or a saved filter holds. */
export const caseFiltersQuery = listCasesQuery.omit({ limit: true, cursor: true });
export type CaseFiltersQuery = z.infer<typeof caseFiltersQuery>;

export interface CaseCursor {
  sort: CaseSort;
  rank: number;
  /** opened_at as Postgres printed it, microseconds included, so no row is skipped or repeated. */
  openedAt: string;
  id: string;
}

export function encodeCursor(cursor: CaseCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.rank, cursor.openedAt, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

/** What Postgres takes as a timestamptz: JavaScript's Date.parse also takes `2026-02-30`, which Postgres refuses. */
function isTimestamp(value: unknown): value is string {
  const parts = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A rank the queue gives (CaseQueue): priority 0-2 times ten plus a score band's place, or 0-1 by time waiting. */
const isRank = (rank: unknown): rank is number => typeof rank === 'number' && Number.isInteger(rank) && rank >= 0 && rank < 30 && rank % 10 < SCORE_BANDS.length;

/** A cursor this API made, or null for anything else (a 400, never a query that fails). */
export function decodeCursor(cursor: string, sort: CaseSort): CaseCursor | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 4) return null;
    const [madeFor, rank, openedAt, id] = decoded as unknown[];
    if (madeFor !== sort || !isRank(rank) || !isTimestamp(openedAt) || typeof id !== 'string' || !UUID.test(id)) return null;
    return { sort, rank, openedAt, id };
  } catch {
    return null;
  }
}
