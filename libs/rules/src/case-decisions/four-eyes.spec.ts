import { approvalRefusal, type FourEyesPolicy, resolutionNeedsApproval } from './four-eyes';

// 10 000 yuan in fen.
const policy: FourEyesPolicy = { resolutionAboveMinor: 1_000_000, ruleSets: true };

describe('resolutionNeedsApproval', () => {
  it('given loans above the limit on a case, when it is resolved as confirmed fraud, then a second approval is needed', () => {
    expect(resolutionNeedsApproval('fraud_confirmed', 1_000_001, policy)).toBe(true);
  });

  it('given loans of exactly the limit, when the case is confirmed as fraud, then one pair of eyes is enough', () => {
    expect(resolutionNeedsApproval('fraud_confirmed', 1_000_000, policy)).toBe(false);
  });

  it('given a case with no loans, when it is confirmed as fraud, then no second approval is needed', () => {
    expect(resolutionNeedsApproval('fraud_confirmed', 0, policy)).toBe(false);
  });

  it('given loans far above the limit, when the case is resolved legitimate or inconclusive, then no second approval is needed', () => {
    expect(resolutionNeedsApproval('legitimate', 50_000_000, policy)).toBe(false);
    expect(resolutionNeedsApproval('inconclusive', 50_000_000, policy)).toBe(false);
  });

  it('given the limit switched off, when a large case is confirmed as fraud, then no second approval is needed', () => {
    expect(resolutionNeedsApproval('fraud_confirmed', 50_000_000, { ...policy, resolutionAboveMinor: null })).toBe(false);
  });

  it('given a limit of zero, when any case with a loan is confirmed as fraud, then it needs a second approval', () => {
    expect(resolutionNeedsApproval('fraud_confirmed', 1, { ...policy, resolutionAboveMinor: 0 })).toBe(true);
  });
});

describe('approvalRefusal', () => {
  const pending = { status: 'pending' as const, requesterId: 'a-1' };

  it('given a pending request, when a second person decides it, then nothing is refused', () => {
    expect(approvalRefusal(pending, 'a-2')).toBeNull();
  });

  it('given a pending request, when its requester decides it, then it is refused as their own', () => {
    expect(approvalRefusal(pending, 'a-1')).toEqual({ code: 'OWN_APPROVAL' });
  });

  it('given an approved request, when a third person approves it too, then it is refused as decided', () => {
    expect(approvalRefusal({ ...pending, status: 'approved' }, 'a-3')).toEqual({ code: 'APPROVAL_DECIDED', status: 'approved' });
  });

  it('given a rejected request, when its requester tries it, then it is refused as decided before as their own', () => {
    expect(approvalRefusal({ ...pending, status: 'rejected' }, 'a-1')).toEqual({ code: 'APPROVAL_DECIDED', status: 'rejected' });
  });
});
