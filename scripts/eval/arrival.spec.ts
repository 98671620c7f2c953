import { arrivalOrder } from './arrival';
import { familiesIn, generateCorpus } from './corpus/generate-corpus';

const { events } = generateCorpus({ seed: 3, stories: familiesIn('described').length, heldoutStories: 0, anchorMs: Date.parse('2026-11-29T12:00:00Z') });
const perAccount = (list: typeof events) => {
  const out = new Map<string, string[]>();
  for (const e of list) out.set(e.accountId, [...(out.get(e.accountId) ?? []), e.id]);
  return out;
};

describe('arrival order', () => {
  it('paced and burst send the corpus in event-time order', () => {
    expect(arrivalOrder('paced', events, 3).map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(arrivalOrder('burst', events, 3).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('shuffled interleaves accounts at random but keeps each account in order, the same for the same seed', () => {
    const shuffled = arrivalOrder('shuffled', events, 3);
    expect(shuffled.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(shuffled.map((e) => e.id)).not.toEqual(events.map((e) => e.id));
    expect(perAccount(shuffled)).toEqual(perAccount(events));
    expect(arrivalOrder('shuffled', events, 3).map((e) => e.id)).toEqual(shuffled.map((e) => e.id));
    expect(arrivalOrder('shuffled', events, 4).map((e) => e.id)).not.toEqual(shuffled.map((e) => e.id));
  });
});
