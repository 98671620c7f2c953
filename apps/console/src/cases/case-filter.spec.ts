import { caseFilter } from './case-filter';
import { listCasesQuery } from './case-list.query';

const ME = '0b7c4a3e-2f0e-4a43-9d3b-7d9f3c1b2a10';
const COLLEAGUE = '5f2d9c1e-8a7b-4c3d-9e0f-1a2b3c4d5e6f';

describe('the queue filter of a request', () => {
  const filterOf = (query: Record<string, string>) => caseFilter(listCasesQuery.parse(query), ME);

  it('given assigned=me, when read for an analyst, then it names their id', () => {
    expect(filterOf({ assigned: 'me' })).toEqual({ assigned: ME });
  });

  it('given a colleague or unassigned, when read, then it names them as the request did', () => {
    expect(filterOf({ assigned: COLLEAGUE })).toEqual({ assigned: COLLEAGUE });
    expect(filterOf({ assigned: 'unassigned' })).toEqual({ assigned: 'unassigned' });
  });

  it('given escalated=true or false, when read, then it is a yes or a no', () => {
    expect(filterOf({ escalated: 'true' })).toEqual({ escalated: true });
    expect(filterOf({ escalated: 'false' })).toEqual({ escalated: false });
  });

  it('given the other filters, a sort, a page size and a cursor, when read, then the filters pass as they are and the paging stays behind', () => {
    const query = {
      status: 'unresolved',
      priority: 'high',
      decision: 'urgent',
      resolution: 'inconclusive',
      answer: 'none',
      rule: 'loan.without-consent',
      merchant: 'm-1',
      account: 'acct-1',
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-30T00:00:00+08:00',
      sla: 'over',
    };
    const filter = filterOf({ ...query, sort: 'oldest', limit: '10', cursor: 'abc' });
    expect(filter).toEqual(query);
    expect(Object.keys(filter).filter((key) => ['sort', 'limit', 'cursor'].includes(key))).toEqual([]);
  });
});
