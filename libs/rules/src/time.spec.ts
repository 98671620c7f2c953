import { anEvent, givenHistory } from '@sentinel/testing';
import { ms, tracesBetween } from './time';

describe('tracesBetween', () => {
  // Arrival order differs from event time: recent is kept in event time.
  const state = givenHistory(
    anEvent('device.login', { id: 'e3', occurredAt: '2026-11-20T10:30:00.000Z' }),
    anEvent('device.login', { id: 'e1', occurredAt: '2026-11-20T10:00:00.000Z' }),
    anEvent('consent.verified', { id: 'e2', occurredAt: '2026-11-20T10:10:00.000Z' }),
    anEvent('device.login', { id: 'e4', occurredAt: '2026-11-20T11:00:00.000Z' }),
  );
  const between = (from: string, to: string, selfId = 'none', match?: Parameters<typeof tracesBetween>[4]) =>
    tracesBetween(state, selfId, ms(from), ms(to), match).map((t) => t.id);

  it('returns the traces whose time falls in [from, to], both ends included, in event time', () => {
    expect(between('2026-11-20T10:00:00.000Z', '2026-11-20T10:30:00.000Z')).toEqual(['e1', 'e2', 'e3']);
    expect(between('2026-11-20T10:00:00.001Z', '2026-11-20T10:29:59.999Z')).toEqual(['e2']);
    expect(between('2026-11-20T09:00:00.000Z', '2026-11-20T12:00:00.000Z')).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(between('2026-11-20T11:00:00.001Z', '2026-11-20T12:00:00.000Z')).toEqual([]);
  });

  it('reads times in the short spelling too (rule specs write them so)', () => {
    const short = givenHistory(anEvent('device.login', { id: 'a', occurredAt: '2026-11-20T10:00:00Z' }), anEvent('device.login', { id: 'b', occurredAt: '2026-11-20T10:05:00Z' }));
    expect(tracesBetween(short, 'none', ms('2026-11-20T10:00:00Z'), ms('2026-11-20T10:04:59Z')).map((t) => t.id)).toEqual(['a']);
    expect(tracesBetween(short, 'none', ms('2026-11-20T10:00:01Z'), ms('2026-11-20T10:05:00Z')).map((t) => t.id)).toEqual(['b']);
  });

  it('leaves out the event itself and what the match refuses', () => {
    expect(between('2026-11-20T10:00:00.000Z', '2026-11-20T11:00:00.000Z', 'e3')).toEqual(['e1', 'e2', 'e4']);
    expect(between('2026-11-20T10:00:00.000Z', '2026-11-20T11:00:00.000Z', 'none', (t) => t.type === 'consent.verified')).toEqual(['e2']);
  });
});
