import { decodeCursor, encodeCursor, listCasesQuery } from './case-list.query';

describe('case list query', () => {
  it('given a cursor made for one sort, when it is read for another, then it is refused', () => {
    const cursor = encodeCursor({ sort: 'oldest', rank: 2, openedAt: '2026-11-25T10:00:00.123456+00:00', id: '0b7c4a3e-2f0e-4a43-9d3b-7d9f3c1b2a10' });
    expect(decodeCursor(cursor, 'oldest')).toEqual({ sort: 'oldest', rank: 2, openedAt: '2026-11-25T10:00:00.123456+00:00', id: '0b7c4a3e-2f0e-4a43-9d3b-7d9f3c1b2a10' });
    expect(decodeCursor(cursor, 'priority')).toBeNull();
    expect(decodeCursor('not-a-cursor', 'priority')).toBeNull();
  });

  it('given a priority cursor, when its rank is one the queue gives (priority times ten plus band), then it is read; any other rank is refused', () => {
    const at = (rank: number) => decodeCursor(encodeCursor({ sort: 'priority', rank, openedAt: '2026-11-25T10:00:00Z', id: '0b7c4a3e-2f0e-4a43-9d3b-7d9f3c1b2a10' }), 'priority');
    expect([0, 4, 13, 24].map((rank) => at(rank)?.rank)).toEqual([0, 4, 13, 24]);
    expect([-1, 5, 2.5, 25, 30].map((rank) => at(rank))).toEqual([null, null, null, null, null]);
  });

  it('names each bad filter', () => {
    const parsed = listCasesQuery.safeParse({ rule: 'DROP TABLE', assigned: 'someone', from: 'yesterday', limit: '0' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['assigned', 'from', 'limit', 'rule']);
  });

  it('defaults to the priority sort, 50 to a page', () => {
    expect(listCasesQuery.parse({})).toEqual({ sort: 'priority', limit: 50 });
  });
});
