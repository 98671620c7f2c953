import { stepUpRelease } from './step-up-release';

describe('stepUpRelease', () => {
  it('given a step-up (an alert case), when "was me" applies, then the platform is asked to release what it held', () => {
    expect(stepUpRelease({ answer: 'me', applied: true, decision: 'alert' })).toEqual({ recommendations: ['release_holds'], reason: 'borrower_confirmed' });
  });

  it('given an urgent case, when "was me" applies, then nothing is released: its holds stand on evidence no answer clears', () => {
    expect(stepUpRelease({ answer: 'me', applied: true, decision: 'urgent' })).toBeNull();
  });

  it('given a step-up, when "was me" is only recorded beside it, then nothing is released', () => {
    expect(stepUpRelease({ answer: 'me', applied: false, decision: 'alert' })).toBeNull();
  });

  it('given a step-up, when "not me" applies, then nothing is released: the hold widens instead', () => {
    expect(stepUpRelease({ answer: 'not_me', applied: true, decision: 'alert' })).toBeNull();
  });
});
