import { loadConsoleConfig } from '../console.config';

describe('FOUR_EYES_AMOUNT and FOUR_EYES_RULE_SETS', () => {
  it('given nothing set, when the console loads its config, then both are on: 10 000 yuan, and every rule-set publication', () => {
    expect(loadConsoleConfig({}).fourEyes).toEqual({ resolutionAboveMinor: 1_000_000, ruleSets: true });
  });

  it('given an amount in yuan with fen, when loaded, then the limit is held in fen, exactly', () => {
    expect(loadConsoleConfig({ FOUR_EYES_AMOUNT: '2500.50' }).fourEyes.resolutionAboveMinor).toBe(250_050);
    expect(loadConsoleConfig({ FOUR_EYES_AMOUNT: '0' }).fourEyes.resolutionAboveMinor).toBe(0);
  });

  it('given off and false, when loaded, then neither waits for a second person', () => {
    expect(loadConsoleConfig({ FOUR_EYES_AMOUNT: 'off', FOUR_EYES_RULE_SETS: 'false' }).fourEyes).toEqual({ resolutionAboveMinor: null, ruleSets: false });
  });

  it.each(['-1', '1.234', 'ten thousand', '1e6'])('given FOUR_EYES_AMOUNT=%j, when loaded, then the console refuses to start, naming it', (value) => {
    expect(() => loadConsoleConfig({ FOUR_EYES_AMOUNT: value })).toThrow(/FOUR_EYES_AMOUNT/);
  });
});
