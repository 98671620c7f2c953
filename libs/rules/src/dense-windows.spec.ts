import { inDenseSpans } from './dense-windows';

const DAY = 86_400_000;
const seen = (accountId: string, day: number) => ({ accountId, at: day * DAY });

describe('inDenseSpans', () => {
  it('given K accounts within the span, then all their sightings are picked, the span’s ends included', () => {
    const picked = inDenseSpans([seen('a', 0), seen('b', 10), seen('c', 30)], 30 * DAY, 3);
    expect(picked.map((s) => s.accountId)).toEqual(['a', 'b', 'c']);
  });

  it('given K accounts just over the span apart, then nothing is picked', () => {
    expect(inDenseSpans([seen('a', 0), seen('b', 10), { accountId: 'c', at: 30 * DAY + 1 }], 30 * DAY, 3)).toEqual([]);
  });

  it('given one account seen many times, then it counts once', () => {
    expect(inDenseSpans([seen('a', 0), seen('a', 1), seen('a', 2), seen('b', 3)], 30 * DAY, 3)).toEqual([]);
  });

  it('given two dense bursts months apart and a lone sighting between, then both bursts and not the lone one', () => {
    const sightings = [seen('a', 0), seen('b', 1), seen('c', 2), seen('lone', 60), seen('d', 120), seen('e', 121), seen('f', 122)];
    expect(inDenseSpans(sightings, 30 * DAY, 3).map((s) => s.accountId)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('picks each sighting once, in time order, whatever order it is given in', () => {
    const sightings = [seen('c', 2), seen('a', 0), seen('b', 1), seen('a', 1)];
    const picked = inDenseSpans(sightings, 30 * DAY, 3);
    expect(picked.map((s) => [s.accountId, s.at / DAY])).toEqual([
      ['a', 0],
      ['a', 1],
      ['b', 1],
      ['c', 2],
    ]);
    expect(inDenseSpans([...sightings].reverse(), 30 * DAY, 3)).toEqual(picked);
  });
});
