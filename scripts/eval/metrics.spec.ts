import { calibration, type EvalVerdict, metricsOf, type ScoredAccount } from './metrics';

const account = (accountId: string, label: 'attack' | 'benign', email = true): ScoredAccount => ({ accountId, label, channels: { sms: true, email } });

const accounts = [account('a1', 'attack'), account('a2', 'attack'), account('b1', 'benign'), account('b2', 'benign', false), account('b3', 'benign'), account('b4', 'benign')];

describe('eval metrics', () => {
  it('given detector verdicts, then recall, false cases, deliveries (each channel counts), heads-ups and step-ups are per the benign accounts', () => {
    const verdicts: Record<string, EvalVerdict> = {
      a1: { case: true, ruleIds: ['x'], fraudMessages: 1, headsUps: 0, stepUps: 1, caseScore: 95 },
      b1: { case: true, ruleIds: ['x'], fraudMessages: 2, headsUps: 0, stepUps: 1, caseScore: 70 },
      b2: { case: false, ruleIds: [], fraudMessages: 1, headsUps: 1, stepUps: 0 },
    };
    expect(metricsOf(accounts, verdicts)).toEqual({
      accounts: 6,
      attackAccounts: 2,
      benignAccounts: 4,
      cases: 2,
      attackCases: 1,
      benignCases: 1,
      recall: 0.5,
      falseCaseRate: 0.25,
      fraudAlertsPerBenign: 0.75,
      // b1: 2 messages x (SMS + email); b2: 1 message x SMS only -> 5 deliveries on 4 accounts.
      fraudDeliveriesPer100Benign: 125,
      headsUpsPer100Benign: 25,
      stepUpsPer100Benign: 25,
      // b1's case scores 70: a step-up, not an urgent case.
      urgentCasesPer100Benign: 0,
      tapsPer100Benign: 0,
    });
  });

  it('given heads-ups, then each reaches one channel, whatever the account has on file; other fraud messages reach every channel', () => {
    const verdicts: Record<string, EvalVerdict> = {
      b1: { case: false, ruleIds: [], fraudMessages: 3, headsUps: 2 },
      b3: { case: false, ruleIds: [], fraudMessages: 1, headsUps: 1 },
    };
    // b1: 2 heads-ups x 1 + 1 message x (SMS + email); b3: 1 heads-up x 1 -> 5 deliveries on 4 accounts.
    expect(metricsOf(accounts, verdicts)).toMatchObject({ fraudDeliveriesPer100Benign: 125, headsUpsPer100Benign: 75 });
    const unreachable: ScoredAccount = { accountId: 'b9', label: 'benign', channels: { sms: false, email: false } };
    expect(metricsOf([unreachable], { b9: { case: false, ruleIds: [], fraudMessages: 1, headsUps: 1 } })).toMatchObject({ fraudDeliveriesPer100Benign: 0 });
  });

  it('given step-up messages to an account with a trusted contact, then each reaches that one contact; without one, every channel', () => {
    const stepUp = { case: true, ruleIds: ['x'], fraudMessages: 2, headsUps: 0, stepUpMessages: 1, stepUps: 1 };
    // b1: 1 step-up x 1 + 1 urgent message x (SMS + email) = 3; b3, no trusted contact: 2 x 2 = 4 -> 7 on 4 accounts.
    expect(metricsOf(accounts, { b1: { ...stepUp, trustedContact: true }, b3: { ...stepUp, trustedContact: false } })).toMatchObject({ fraudDeliveriesPer100Benign: 175 });
  });

  it('given replay verdicts (no heads-ups or step-ups known), then those read null, not zero', () => {
    const m = metricsOf(accounts, { b1: { case: false, ruleIds: [], fraudMessages: 1 } });
    expect(m).toMatchObject({ headsUpsPer100Benign: null, stepUpsPer100Benign: null, urgentCasesPer100Benign: null, fraudDeliveriesPer100Benign: 50 });
  });

  it('given benign cases in the step-up and urgent bands, then only the urgent ones count as urgent cases', () => {
    const verdicts: Record<string, EvalVerdict> = {
      b1: { case: true, ruleIds: ['x'], fraudMessages: 1, headsUps: 0, stepUps: 1, caseScore: 79 },
      b3: { case: true, ruleIds: ['x'], fraudMessages: 1, headsUps: 0, stepUps: 1, caseScore: 80 },
    };
    expect(metricsOf(accounts, verdicts, 80)).toMatchObject({ falseCaseRate: 0.5, urgentCasesPer100Benign: 25 });
  });

  it('given no benign accounts, then the benign rates are null', () => {
    expect(metricsOf([account('a1', 'attack')], {})).toMatchObject({ recall: 0, falseCaseRate: null, fraudDeliveriesPer100Benign: null });
  });

  it('given case scores, then each band shows its cases and the share of fraud; scores outside 0-100 fall in the end bands', () => {
    const verdicts: Record<string, EvalVerdict> = {
      a1: { case: true, ruleIds: [], fraudMessages: 0, caseScore: 130 },
      a2: { case: true, ruleIds: [], fraudMessages: 0, caseScore: 80 },
      b1: { case: true, ruleIds: [], fraudMessages: 0, caseScore: 99 },
      b2: { case: true, ruleIds: [], fraudMessages: 0, caseScore: -5 },
      b3: { case: false, ruleIds: [], fraudMessages: 1, caseScore: 50 },
    };
    expect(calibration(accounts, verdicts)).toEqual([
      { band: '0-19', cases: 1, fraud: 0, share: 0 },
      { band: '20-39', cases: 0, fraud: 0, share: null },
      { band: '40-59', cases: 0, fraud: 0, share: null },
      { band: '60-79', cases: 0, fraud: 0, share: null },
      { band: '80-100', cases: 3, fraud: 2, share: 2 / 3 },
    ]);
  });

  it('given verdicts without case scores (replay), then there is no calibration table', () => {
    expect(calibration(accounts, { a1: { case: true, ruleIds: [], fraudMessages: 1 } })).toBeNull();
  });
});
