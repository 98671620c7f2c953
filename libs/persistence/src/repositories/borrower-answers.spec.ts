import { answerOutcome } from './borrower-answers';

const DAY = 86_400_000;
const flagged = new Date('2026-11-20T10:00:00Z');
const base = { caseStatus: 'open', claimed: false, firstFlaggedAt: flagged, recipientSince: new Date(flagged.getTime() - 90 * DAY), trustedContactAgeMs: 30 * DAY };

describe('answerOutcome by response tier', () => {
  it('given a step-up (an alert case), when "was me" comes through a contact on file since long before, then it applies: the doubt is cleared', () => {
    expect(answerOutcome({ ...base, answer: 'me', decision: 'alert' })).toBe('applied');
  });

  it('given a case (urgent), when "was me" comes through the same trusted contact, then it is only recorded beside: no answer clears that evidence', () => {
    expect(answerOutcome({ ...base, answer: 'me', decision: 'urgent' })).toBe('case_evidence');
  });

  it('given either tier, when "not me" comes, then it applies', () => {
    expect(answerOutcome({ ...base, answer: 'not_me', decision: 'urgent' })).toBe('applied');
    expect(answerOutcome({ ...base, answer: 'not_me', decision: 'alert' })).toBe('applied');
  });

  it('given a step-up, when "was me" comes through a contact newer than the flagged activity, then it stays unverified', () => {
    expect(answerOutcome({ ...base, answer: 'me', decision: 'alert', recipientSince: new Date(flagged.getTime() - DAY) })).toBe('unverified');
  });
});
