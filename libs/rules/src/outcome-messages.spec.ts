import type { Decision } from '@sentinel/contracts';
import { type Outcome, outcomeEffects, responseTier } from './outcome-messages';
import type { RuleHit } from './rule-hit';

const hit = (ruleId: string, score = 40): RuleHit => ({ ruleId, severity: 'high', score, evidence: {}, explanation: { en: ruleId, 'zh-CN': ruleId } });
const judged = (decision: Decision | null, more: Partial<Outcome> & { notices?: RuleHit[] } = {}): Outcome => ({
  evaluation: { decision, hits: decision ? [hit('unbind.unknown-device')] : [], notices: more.notices ?? [] },
  announced: more.announced,
  historical: more.historical ?? false,
  eventType: more.eventType,
});
const kinds = (outcome: Outcome) => outcomeEffects(outcome).messages.map((m) => (m.kind === 'fraud' ? `fraud:${m.decision}:${m.onCase ? 'case' : 'no-case'}` : m.kind));

describe('which messages an outcome sends', () => {
  it('given an event no rule found anything in, then it sends nothing and joins no case', () => {
    expect(outcomeEffects(judged(null))).toEqual({ joinsCase: false, messages: [] });
  });

  it('given a notice-band finding, then the borrower gets a heads-up without a case', () => {
    expect(kinds(judged('notice'))).toEqual(['fraud:notice:no-case']);
    expect(outcomeEffects(judged('notice')).joinsCase).toBe(false);
  });

  it('given an alert-band finding (a step-up), then its hits join a case, the borrower is asked on it, and the platform holds what the event would move', () => {
    const effects = outcomeEffects(judged('alert', { eventType: 'loan.opened' }));
    expect(effects.joinsCase).toBe(true);
    expect(effects.messages).toEqual([
      { kind: 'fraud', decision: 'alert', onCase: true, hits: [hit('unbind.unknown-device')] },
      { kind: 'action', recommendations: ['hold_disbursement'], reason: 'step_up' },
    ]);
    expect(outcomeEffects(judged('alert', { eventType: 'card.unbound' })).messages[1]).toMatchObject({ recommendations: ['hold_card_binding'] });
  });

  it('given benign findings beside the evidence, then the borrower’s message gives only the reasons for asking; the case keeps both', () => {
    const benign = { ...hit('benign.settled-device', 15), benign: true };
    const outcome: Outcome = { evaluation: { decision: 'alert', hits: [hit('card.swap', 70), benign], notices: [] }, historical: false };
    expect(outcomeEffects(outcome).messages[0]).toMatchObject({ kind: 'fraud', hits: [hit('card.swap', 70)] });
    expect(outcomeEffects(outcome).joinsCase).toBe(true);
  });

  it('maps decisions to response tiers: heads-up, step-up, case', () => {
    expect([null, 'notice', 'alert', 'urgent'].map((d) => responseTier(d as Decision | null))).toEqual([null, 'heads-up', 'step-up', 'case']);
  });

  it('given an urgent finding, then the borrower is asked and the platform is told to hold disbursement and card binding', () => {
    expect(kinds(judged('urgent'))).toEqual(['fraud:urgent:case', 'action']);
    expect(outcomeEffects(judged('urgent')).messages[1]).toEqual({ kind: 'action', recommendations: ['hold_disbursement', 'hold_card_binding'], reason: 'urgent_risk' });
  });

  it('given a card invalidated with no fraud finding, then the borrower gets the notice alone', () => {
    const effects = outcomeEffects(judged(null, { notices: [hit('notice.card-invalidated', 0)] }));
    expect(effects).toEqual({ joinsCase: false, messages: [{ kind: 'notice', notice: 'card.invalidated', hits: [hit('notice.card-invalidated', 0)] }] });
  });

  it('given a card invalidated by an urgent takeover, then the notice goes first, then the alert, then the action', () => {
    expect(kinds(judged('urgent', { notices: [hit('notice.card-invalidated', 0)] }))).toEqual(['notice', 'fraud:urgent:case', 'action']);
  });

  it('given a step-up already announced, when deferred rules add to it, then no second message or hold goes out', () => {
    expect(outcomeEffects(judged('alert', { announced: 'alert' })).messages).toEqual([]);
  });

  it('given a case the borrower was already told of as an alert, when deferred rules raise it to urgent, then only the action goes out', () => {
    expect(kinds(judged('urgent', { announced: 'alert' }))).toEqual(['action']);
    expect(outcomeEffects(judged('urgent', { announced: 'alert' })).joinsCase).toBe(true);
  });

  it('given an event already announced as urgent, when deferred rules add to it, then its hits join the case and nothing is sent again', () => {
    expect(outcomeEffects(judged('urgent', { announced: 'urgent' }))).toEqual({ joinsCase: true, messages: [] });
  });

  it('given an event older than the alert horizon (a backfill), then it builds the same case and messages nobody', () => {
    expect(outcomeEffects(judged('urgent', { historical: true, notices: [hit('notice.card-invalidated', 0)] }))).toEqual({ joinsCase: true, messages: [] });
    expect(outcomeEffects(judged('notice', { historical: true }))).toEqual({ joinsCase: false, messages: [] });
  });

  it('given a decision without hits (every finding was context standing alone), then nothing is sent and no case is joined', () => {
    const outcome: Outcome = { evaluation: { decision: 'alert', hits: [], notices: [] }, historical: false };
    expect(outcomeEffects(outcome)).toEqual({ joinsCase: false, messages: [] });
  });
});
