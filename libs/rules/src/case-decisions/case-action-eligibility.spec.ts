import { assignVerdict, claimVerdict, releaseVerdict, reopenVerdict, statusVerdict } from './case-action-eligibility';
import type { CaseHolding } from './case-refusal';

const me = { id: 'a-1', supervisor: false };
const colleague = 'a-2';
const supervisor = { id: 's-1', supervisor: true };
const open: CaseHolding = { status: 'open', resolution: null, assigneeId: null, escalatedAt: null, escalatedBy: null };
const mine: CaseHolding = { ...open, status: 'in_review', assigneeId: me.id };
const theirs: CaseHolding = { ...open, status: 'in_review', assigneeId: colleague };
const resolved: CaseHolding = { ...open, status: 'resolved', resolution: 'fraud_confirmed' };
const escalated: CaseHolding = { ...open, escalatedAt: new Date('2026-11-20T10:00:00Z'), escalatedBy: 'analyst:bo' };

const HELD = { code: 'CASE_HELD', holderId: colleague };
const RESOLVED = { code: 'CASE_RESOLVED', resolution: 'fraud_confirmed' };
const ESCALATED = { code: 'ESCALATED', escalatedBy: 'analyst:bo' };

describe('claim', () => {
  it('given an open case, when an analyst claims it, then it goes ahead', () => {
    expect(claimVerdict(open, me)).toBe('go');
  });

  it('given a case the analyst already holds, when they claim it again, then nothing changes', () => {
    expect(claimVerdict(mine, me)).toBe('noop');
  });

  it('given a case a colleague holds, when anyone claims it, supervisor too, then it is refused as held', () => {
    expect(claimVerdict(theirs, me)).toEqual(HELD);
    expect(claimVerdict(theirs, supervisor)).toEqual(HELD);
  });

  it('given a resolved case a colleague held, when an analyst claims it, then it is refused as held first', () => {
    expect(claimVerdict({ ...resolved, assigneeId: colleague }, me)).toEqual(HELD);
    expect(claimVerdict(resolved, me)).toEqual(RESOLVED);
  });

  it('given an escalated case, when an analyst claims it, then it waits for a supervisor; a supervisor claims it', () => {
    expect(claimVerdict(escalated, me)).toEqual(ESCALATED);
    expect(claimVerdict(escalated, supervisor)).toBe('go');
  });
});

describe('assign', () => {
  it('given an unresolved case, held or not, when it is assigned, then it goes ahead', () => {
    expect(assignVerdict(theirs)).toBe('go');
    expect(assignVerdict(escalated)).toBe('go');
  });

  it('given a resolved case, when it is assigned, then it is refused as resolved', () => {
    expect(assignVerdict(resolved)).toEqual(RESOLVED);
  });
});

describe('release', () => {
  it('given a case the analyst holds, when they release it, then it goes ahead', () => {
    expect(releaseVerdict(mine, me)).toBe('go');
  });

  it('given an unheld case, when it is released, then nothing changes', () => {
    expect(releaseVerdict(open, me)).toBe('noop');
  });

  it('given a case a colleague holds, when an analyst releases it, then it is refused as held; a supervisor may', () => {
    expect(releaseVerdict(theirs, me)).toEqual(HELD);
    expect(releaseVerdict(theirs, supervisor)).toBe('go');
  });

  it('given a resolved case, when it is released, then it is refused as resolved', () => {
    expect(releaseVerdict({ ...resolved, assigneeId: me.id }, me)).toEqual(RESOLVED);
  });
});

describe('status', () => {
  it.each([
    ['open', 'in_review'],
    ['in_review', 'open'],
    ['in_review', 'resolved'],
  ])('given a case %s that the analyst works, when it becomes %s, then it goes ahead', (from, to) => {
    expect(statusVerdict({ ...open, status: from, assigneeId: from === 'open' ? null : me.id }, to, me)).toBe('go');
  });

  it.each([
    ['open', 'resolved', ['in_review']],
    ['open', 'open', ['in_review']],
    ['in_review', 'in_review', ['open', 'resolved']],
    ['resolved', 'open', []],
  ])('given a case %s, when it is to become %s, then the transition is refused, naming what is allowed', (from, to, allowed) => {
    expect(statusVerdict({ ...open, status: from }, to, supervisor)).toEqual({ code: 'INVALID_TRANSITION', from, to, allowed });
  });

  it('given a case a colleague holds, when an analyst changes its status, then it is refused as held; a supervisor decides it', () => {
    expect(statusVerdict(theirs, 'resolved', me)).toEqual(HELD);
    expect(statusVerdict(theirs, 'resolved', supervisor)).toBe('go');
  });

  it('given an escalated case in review, when an analyst resolves it, then it waits for a supervisor; sending it back to open does not', () => {
    const inReview = { ...escalated, status: 'in_review' };
    expect(statusVerdict(inReview, 'resolved', me)).toEqual(ESCALATED);
    expect(statusVerdict(inReview, 'open', me)).toBe('go');
    expect(statusVerdict(escalated, 'in_review', me)).toEqual(ESCALATED);
  });
});

describe('reopenVerdict', () => {
  it('given a resolved case, when a supervisor reopens it, then it goes ahead', () => {
    expect(reopenVerdict(resolved)).toBe('go');
  });

  it('given a case not resolved, when it is reopened, then it is refused, naming its status', () => {
    expect(reopenVerdict(theirs)).toEqual({ code: 'NOT_RESOLVED', status: 'in_review' });
  });
});
