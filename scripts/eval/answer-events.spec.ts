import { accountEventSchema, type AccountEvent } from '@sentinel/contracts';
import { type AccountVerdict, Backtest, defaultRuleSet, fixedClock } from '@sentinel/rules';
import { anEvent } from '@sentinel/testing';
import { ANSWER_DELAY_MS, answerEvents } from './answer-events';
import { contactHistory } from './borrower-answers';

const HOUR = 3_600_000;
const flaggedAt = '2026-11-20T10:00:00.000Z';
const anchor = '2026-11-25T00:00:00.000Z';
const before = (ms: number) => new Date(Date.parse(flaggedAt) - ms).toISOString();
const stepUp: AccountVerdict = {
  case: true,
  ruleIds: ['unbind.unknown-device'],
  fraudMessages: 1,
  urgent: false,
  asked: true,
  firstFlaggedAt: flaggedAt,
  caseDevices: [
    { deviceId: 'laptop-1', at: flaggedAt },
    { deviceId: 'tablet-9', at: '2026-11-21T10:00:00.000Z' },
  ],
};
const labels = (stepUpAnswer: 'me' | 'not_me') => ({
  a1: { family: 'f', group: 'described' as const, label: 'attack' as const, story: 's', channels: { sms: true, email: true }, stepUpAnswer },
});
const phoneFor = (age: number) => contactHistory([anEvent('contact.changed', { accountId: 'a1', occurredAt: before(age), payload: { kind: 'phone', value: '+8613800138000' } })]);

describe('the answers the eval folds back', () => {
  it('given a step-up and a phone on file for months, when the borrower says "was me", then one answer names the devices of the first flagged event, ten minutes after it', () => {
    const [answer] = answerEvents({ labels: labels('me'), anchor }, { a1: stepUp }, phoneFor(90 * 24 * HOUR));

    expect(accountEventSchema.parse(answer)).toMatchObject({
      type: 'borrower.answered',
      accountId: 'a1',
      occurredAt: new Date(Date.parse(flaggedAt) + ANSWER_DELAY_MS).toISOString(),
      payload: { answer: 'me', devices: [{ id: 'laptop-1', flaggedAt }] },
    });
  });

  it('given a "was me" the console would not apply (a contact newer than the trusted age, or an urgent case), then nothing is folded back', () => {
    expect(answerEvents({ labels: labels('me'), anchor }, { a1: stepUp }, phoneFor(HOUR))).toEqual([]);
    expect(answerEvents({ labels: labels('me'), anchor }, { a1: { ...stepUp, urgent: true } }, phoneFor(90 * 24 * HOUR))).toEqual([]);
  });

  it('given an urgent case, when the borrower says "not me", then it is folded back: a "not me" always applies', () => {
    const answers = answerEvents({ labels: labels('not_me'), anchor }, { a1: { ...stepUp, urgent: true } }, phoneFor(HOUR));
    expect(answers.map((e: AccountEvent) => e.type === 'borrower.answered' && e.payload.answer)).toEqual(['not_me']);
  });

  it('given a case nobody was asked about, or one with no device of the borrower, then nobody answers', () => {
    expect(answerEvents({ labels: labels('not_me'), anchor }, { a1: { ...stepUp, asked: false } }, phoneFor(HOUR))).toEqual([]);
    expect(answerEvents({ labels: labels('not_me'), anchor }, { a1: { ...stepUp, caseDevices: [] } }, phoneFor(HOUR))).toEqual([]);
  });
});

describe('the devices a backtest says a case came from', () => {
  it('given an unbind from an unknown laptop, when it is backtested, then its case names the laptop with when it was flagged', () => {
    const phone = { device: { id: 'phone-1', ip: '198.51.100.7' } };
    const laptop = { device: { id: 'laptop-1', ip: '203.0.113.9' }, channel: 'web' as const };
    const events = [
      anEvent('device.login', { ...phone, occurredAt: '2026-09-01T08:00:00.000Z' }),
      anEvent('card.bound', { ...phone, occurredAt: '2026-09-01T08:10:00.000Z' }),
      anEvent('card.unbound', { ...laptop, occurredAt: flaggedAt }),
    ];
    const backtest = new Backtest(defaultRuleSet(1), defaultRuleSet(1), fixedClock(anchor), 0);
    for (const event of events) backtest.feed(event);

    expect(backtest.finish().verdicts.candidate['acc-1']).toMatchObject({ case: true, caseDevices: [{ deviceId: 'laptop-1', at: flaggedAt }] });
  });
});
