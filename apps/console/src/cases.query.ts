import { z } from 'zod';

export const listCasesQuery = z.strictObject({
  status: z.enum(['open', 'in_review', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
  // Opaque cursor: the last row's opened_at and id, base64url-encoded.
  cursor: z.string().max(200).optional(),
});

export type ListCasesQuery = z.infer<typeof listCasesQuery>;

export function encodeCursor(openedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([openedAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { openedAt: string; id: string } | null {
  try {
    const [openedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (Number.isNaN(Date.parse(openedAt)) || !/^[0-9a-f-]{36}$/.test(id)) return null;
    return { openedAt, id };
  } catch {
    return null;
  }
}
