import type { CaseHolding } from './case-refusal';
import { escalatedCase, escalatedCaseRefusal, escalationRefusal } from './escalation';

const analyst = { id: 'a-1', supervisor: false };
const colleague = 'a-2';
const supervisor = { id: 's-1', supervisor: true };
const open: CaseHolding = { status: 'open', resolution: null, assigneeId: null, escalatedAt: null, escalatedBy: null };
const escalated: CaseHolding = { ...open, escalatedAt: new Date('2026-11-20T10:00:00Z'), escalatedBy: 'analyst:bo' };

describe('escalationRefusal', () => {
  it('given an open, unheld case, when an analyst escalates it, then it goes up', () => {
    expect(escalationRefusal(open, analyst)).toBeNull();
  });

  it('given a case the analyst holds, when they escalate it, then it goes up', () => {
    expect(escalationRefusal({ ...open, status: 'in_review', assigneeId: analyst.id }, analyst)).toBeNull();
  });

  it('given a case a colleague holds, when an analyst escalates it, then it is refused as held; a supervisor may', () => {
    const held = { ...open, status: 'in_review', assigneeId: colleague };
    expect(escalationRefusal(held, analyst)).toEqual({ code: 'CASE_HELD', holderId: colleague });
    expect(escalationRefusal(held, supervisor)).toBeNull();
  });

  it('given a resolved case, when anyone escalates it, then it is refused as resolved, before who holds it', () => {
    const resolved = { ...open, status: 'resolved', resolution: 'legitimate', assigneeId: colleague };
    expect(escalationRefusal(resolved, analyst)).toEqual({ code: 'CASE_RESOLVED', resolution: 'legitimate' });
    expect(escalationRefusal(resolved, supervisor)).toEqual({ code: 'CASE_RESOLVED', resolution: 'legitimate' });
  });
});

describe('escalatedCase', () => {
  it('given an escalation at a time, when it is applied, then the case is high priority, open and unassigned, marked by whom and when', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    expect(escalatedCase('analyst:bo', now)).toEqual({ priority: 'high', escalatedAt: now, escalatedBy: 'analyst:bo', assigneeId: null, claimedAt: null, status: 'open' });
  });
});

describe('escalatedCaseRefusal', () => {
  it('given a case never escalated, when an analyst works it, then nothing is refused', () => {
    expect(escalatedCaseRefusal(open, analyst)).toBeNull();
  });

  it('given an escalated case, when an analyst works it, then it waits for a supervisor, naming who escalated it', () => {
    expect(escalatedCaseRefusal(escalated, analyst)).toEqual({ code: 'ESCALATED', escalatedBy: 'analyst:bo' });
  });

  it('given an escalated case, when a supervisor works it, or the analyst a supervisor assigned it to, then nothing is refused', () => {
    expect(escalatedCaseRefusal(escalated, supervisor)).toBeNull();
    expect(escalatedCaseRefusal({ ...escalated, assigneeId: analyst.id }, analyst)).toBeNull();
  });
});
