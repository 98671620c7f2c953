import { answerEffects, answerOutcome } from './answer-outcome';

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

describe('answerOutcome by the case it finds', () => {
  it('given a resolved case, when either answer comes, then it is only recorded beside: resolved cases are final', () => {
    expect(answerOutcome({ ...base, caseStatus: 'resolved', answer: 'me', decision: 'alert' })).toBe('case_resolved');
    expect(answerOutcome({ ...base, caseStatus: 'resolved', answer: 'not_me', decision: 'urgent' })).toBe('case_resolved');
  });

  it('given a step-up a "was me" closed, when "not me" comes through another of its links, then it applies: the last word is the denial', () => {
    // A swapped SIM answers "was me" on the old number; the victim, reading email, says "not me".
    expect(answerOutcome({ ...base, caseStatus: 'resolved', resolvedByBorrower: true, answer: 'not_me', decision: 'alert' })).toBe('applied');
    expect(answerOutcome({ ...base, caseStatus: 'resolved', resolvedByBorrower: true, answer: 'me', decision: 'alert' })).toBe('case_resolved');
  });

  it('given a case an analyst holds, when "was me" comes through a trusted contact, then it is recorded beside for the analyst', () => {
    expect(answerOutcome({ ...base, claimed: true, answer: 'me', decision: 'alert' })).toBe('case_claimed');
  });

  it('given a case an analyst holds, when "not me" comes, then it still applies', () => {
    expect(answerOutcome({ ...base, claimed: true, answer: 'not_me', decision: 'alert' })).toBe('applied');
  });

  it('given an answer relayed by the app (no contact) or a case with no flagged event, when "was me" comes, then it stays unverified', () => {
    expect(answerOutcome({ ...base, answer: 'me', decision: 'alert', recipientSince: null })).toBe('unverified');
    expect(answerOutcome({ ...base, answer: 'me', decision: 'alert', firstFlaggedAt: null })).toBe('unverified');
  });

  it('given a contact on file exactly the trusted age before the flagged activity, when "was me" comes, then it applies', () => {
    expect(answerOutcome({ ...base, answer: 'me', decision: 'alert', recipientSince: new Date(flagged.getTime() - 30 * DAY) })).toBe('applied');
    expect(answerOutcome({ ...base, answer: 'me', decision: 'alert', recipientSince: new Date(flagged.getTime() - 30 * DAY + 1) })).toBe('unverified');
  });
});

describe('answerEffects', () => {
  it('given an unheld step-up, when "not me" applies, then every link stops, the case is denied without a note, everything is held and the merchants flagged', () => {
    expect(answerEffects({ ...base, answer: 'not_me', decision: 'alert' })).toEqual({
      outcome: 'applied',
      stopLinks: 'case',
      caseChange: 'denied',
      recommendation: { recommendations: ['hold_disbursement', 'hold_card_binding'], reason: 'borrower_denied' },
      flagsMerchants: true,
    });
  });

  it('given a case an analyst holds, when "not me" applies, then a note tells the analyst that status and holder are unchanged', () => {
    const effects = answerEffects({ ...base, claimed: true, answer: 'not_me', decision: 'urgent' });
    expect(effects).toMatchObject({ outcome: 'applied', caseChange: 'denied', flagsMerchants: true });
    expect(effects.note).toBe('Borrower answered "not me" while the case was being worked: marked urgent and a hold recommended; status and holder unchanged.');
  });

  it('given a step-up, when "was me" applies, then its own link stops, the case is confirmed and what the step-up held is released', () => {
    expect(answerEffects({ ...base, answer: 'me', decision: 'alert' })).toEqual({
      outcome: 'applied',
      stopLinks: 'own',
      caseChange: 'confirmed',
      recommendation: { recommendations: ['release_holds'], reason: 'borrower_confirmed' },
      flagsMerchants: false,
    });
  });

  it('given a case with no decision on record, when "was me" applies, then the case is confirmed and nothing is released', () => {
    expect(answerEffects({ ...base, answer: 'me' })).toMatchObject({ outcome: 'applied', caseChange: 'confirmed', recommendation: null });
  });

  it('given a step-up a "was me" closed, when "not me" applies, then the case reopens urgent with everything held, the merchants flagged and a note saying why', () => {
    expect(answerEffects({ ...base, caseStatus: 'resolved', resolvedByBorrower: true, answer: 'not_me', decision: 'alert' })).toEqual({
      outcome: 'applied',
      stopLinks: 'case',
      caseChange: 'reopened',
      note: 'Borrower answered "not me" after a "was me" through another link had closed the step-up: reopened as urgent, and everything held.',
      recommendation: { recommendations: ['hold_disbursement', 'hold_card_binding'], reason: 'borrower_denied' },
      flagsMerchants: true,
    });
  });

  it.each([
    [
      { answer: 'me', decision: 'alert', recipientSince: null },
      'unverified',
      'Borrower answered "was me" through a contact not on file before the flagged activity; unverified, the case stays open.',
    ],
    [{ answer: 'me', decision: 'alert', claimed: true }, 'case_claimed', 'Borrower answered "was me" while the case was being worked; the case is unchanged.'],
    [{ answer: 'not_me', decision: 'urgent', caseStatus: 'resolved' }, 'case_resolved', 'Borrower answered "not me" after the case was resolved; the case is unchanged.'],
    [{ answer: 'me', decision: 'urgent' }, 'case_evidence', 'Borrower answered "was me" on an urgent case, whose evidence no answer clears; the case is unchanged.'],
  ] as const)('given %o, when the answer is not applied (%s), then only its own link stops, the case is only touched and a note says why', (given, outcome, note) => {
    expect(answerEffects({ ...base, ...given })).toEqual({ outcome, stopLinks: 'own', caseChange: 'none', note, recommendation: null, flagsMerchants: false });
  });
});
