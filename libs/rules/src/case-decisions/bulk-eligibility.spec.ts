import { bulkRequestRefusal, bulkStep } from './bulk-eligibility';

const analyst = { id: 'a-1', supervisor: false };
const supervisor = { id: 's-1', supervisor: true };

describe('bulkRequestRefusal', () => {
  it('given an analyst, when they assign cases to themself, then the request runs', () => {
    expect(bulkRequestRefusal({ action: 'assign', analystId: analyst.id }, analyst)).toBeNull();
  });

  it('given an analyst, when they assign cases to someone else, then the whole request is refused: that is a supervisor’s call', () => {
    expect(bulkRequestRefusal({ action: 'assign', analystId: 'a-2' }, analyst)).toEqual({ code: 'ROLE_REQUIRED' });
  });

  it('given a supervisor, when they assign cases to someone else, then the request runs', () => {
    expect(bulkRequestRefusal({ action: 'assign', analystId: 'a-2' }, supervisor)).toBeNull();
  });

  it('given an analyst, when they escalate or resolve cases, then the request runs and each case is decided on its own', () => {
    expect(bulkRequestRefusal({ action: 'escalate' }, analyst)).toBeNull();
    expect(bulkRequestRefusal({ action: 'resolve' }, analyst)).toBeNull();
  });
});

describe('bulkStep', () => {
  it('given a bulk assignment, when a supervisor runs it, then each case is assigned; when an analyst does, each is claimed', () => {
    expect(bulkStep('assign', undefined, supervisor)).toBe('assign');
    expect(bulkStep('assign', undefined, analyst)).toBe('claim');
  });

  it('given a bulk escalation, when it runs, then each case is escalated as on its page', () => {
    expect(bulkStep('escalate', undefined, analyst)).toBe('escalate');
  });

  it('given an open case, when a bulk resolve reaches it, then it is claimed first: claiming checks nobody else holds it', () => {
    expect(bulkStep('resolve', { status: 'open', resolution: null }, analyst)).toBe('claim_then_resolve');
  });

  it('given a case in review, when a bulk resolve reaches it, then it is resolved as the single action would', () => {
    expect(bulkStep('resolve', { status: 'in_review', resolution: null }, analyst)).toBe('resolve');
  });

  it('given a resolved case, when a bulk resolve reaches it, then that case alone is refused, saying how it was resolved', () => {
    expect(bulkStep('resolve', { status: 'resolved', resolution: 'legitimate' }, supervisor)).toEqual({ code: 'CASE_RESOLVED', resolution: 'legitimate' });
  });

  it('given a case that does not exist, when a bulk resolve reaches it, then the single action says so', () => {
    expect(bulkStep('resolve', undefined, analyst)).toBe('resolve');
  });
});
