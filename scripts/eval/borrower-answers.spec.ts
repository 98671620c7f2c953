import { anEvent } from '@sentinel/testing';
import { afterAnswer, afterAnswers, contactHistory, TRUSTED_CONTACT_AGE_MS, withStepUpReach } from './borrower-answers';
import type { EvalVerdict } from './metrics';

const HOUR = 3_600_000;
const flaggedAt = '2026-11-20T10:00:00.000Z';
const before = (ms: number) => new Date(Date.parse(flaggedAt) - ms).toISOString();
const stepUp: EvalVerdict = { case: true, ruleIds: ['loan.new-device'], fraudMessages: 1, urgent: false, asked: true, firstFlaggedAt: flaggedAt };

/** An account whose phone came on file `age` before the flagged loan. */
const phoneOnFileFor = (age: number) =>
  contactHistory([anEvent('contact.changed', { accountId: 'a1', occurredAt: before(age), payload: { kind: 'phone', value: '+8613800138000' } })]);

describe('the borrower’s answer to a step-up', () => {
  it('given a step-up and a phone on file for months, when the answer is "was me", then no case is left and the tap is counted', () => {
    expect(afterAnswer(stepUp, 'me', phoneOnFileFor(90 * 24 * HOUR), 'a1')).toEqual({ ...stepUp, case: false, released: true });
  });

  it('given a step-up, when the answer is "not me", then the case stays', () => {
    expect(afterAnswer(stepUp, 'not_me', phoneOnFileFor(90 * 24 * HOUR), 'a1')).toBe(stepUp);
  });

  it('given a phone on file for less than the trusted age, when the answer is "was me", then the case stays: the answer is unverified', () => {
    expect(afterAnswer(stepUp, 'me', phoneOnFileFor(TRUSTED_CONTACT_AGE_MS - HOUR), 'a1')).toBe(stepUp);
  });

  it('given a phone that came on file after the flagged event, when the answer is "was me", then only the contacts on file at the flag count', () => {
    const history = contactHistory([
      anEvent('contact.changed', { accountId: 'a1', occurredAt: before(2 * HOUR), payload: { kind: 'phone', value: '+8613800138000' } }),
      anEvent('contact.changed', { accountId: 'a1', occurredAt: '2026-12-01T00:00:00.000Z', payload: { kind: 'email', value: 'li.wei@example.com' } }),
    ]);
    expect(afterAnswer(stepUp, 'me', history, 'a1')).toBe(stepUp);
  });

  it('given an urgent case, or a case nobody was asked about, when the answer is "was me", then the case stays', () => {
    const history = phoneOnFileFor(90 * 24 * HOUR);
    expect(afterAnswer({ ...stepUp, urgent: true }, 'me', history, 'a1').case).toBe(true);
    expect(afterAnswer({ ...stepUp, asked: false }, 'me', history, 'a1').case).toBe(true);
  });

  it('given a mode that cannot tell a step-up from a case, then its verdicts are left as they are', () => {
    const unknown: EvalVerdict = { case: true, ruleIds: ['x'], fraudMessages: 1 };
    expect(afterAnswers({ a1: unknown }, { a1: { stepUpAnswer: 'me' } }, phoneOnFileFor(90 * 24 * HOUR))).toEqual({ a1: unknown });
  });
});

describe('where a step-up goes', () => {
  it('given a phone on file for months at the first flagged event, then its step-ups reach that one contact', () => {
    expect(withStepUpReach({ a1: stepUp }, phoneOnFileFor(90 * 24 * HOUR)).a1.trustedContact).toBe(true);
  });

  it('given only a contact newer than the trusted age, or no case, then every channel', () => {
    expect(withStepUpReach({ a1: stepUp }, phoneOnFileFor(HOUR)).a1.trustedContact).toBe(false);
    expect(withStepUpReach({ a1: { case: false, ruleIds: [], fraudMessages: 1 } }, phoneOnFileFor(90 * 24 * HOUR)).a1.trustedContact).toBe(false);
  });
});
