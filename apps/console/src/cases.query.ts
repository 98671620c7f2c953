import { z } from 'zod';

export const listCasesQuery = z.strictObject({
  status: z.enum(['open', 'in_review', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
  // Opaque cursor: the last row's rank, opened_at and id, base64url-encoded.
  cursor: z.string().max(300).optional(),
});

export type ListCasesQuery = z.infer<typeof listCasesQuery>;

/** Queue order: cases the borrower denied first, then urgent ones, then the rest; newest first within each. */
export const CASE_RANK = `CASE WHEN c.borrower_answer = 'not_me' THEN 0 WHEN c.priority = 'high' THEN 1 ELSE 2 END`;

export interface CaseCursor {
  rank: number;
  openedAt: string;
  id: string;
}

export function encodeCursor(cursor: CaseCursor): string {
  return Buffer.from(JSON.stringify([cursor.rank, cursor.openedAt, cursor.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CaseCursor | null {
  try {
    const [rank, openedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, string, string];
    if (![0, 1, 2].includes(rank) || Number.isNaN(Date.parse(openedAt)) || !/^[0-9a-f-]{36}$/.test(id)) return null;
    return { rank, openedAt, id };
  } catch {
    return null;
  }
}
