import { SCORE_BANDS, scoreBandName, scoreBandOf } from './score-bands';

describe('score bands', () => {
  it('given scores at the edges of each band, then each falls in its own band', () => {
    expect([0, 19, 20, 39, 40, 59, 60, 79, 80, 100].map(scoreBandOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('given a score outside 0-100, then the first band takes it below and the last above', () => {
    expect(scoreBandOf(-15)).toBe(0);
    expect(scoreBandOf(130)).toBe(SCORE_BANDS.length - 1);
  });

  it('given the bands, then they are named as the eval report names them', () => {
    expect(SCORE_BANDS.map(scoreBandName)).toEqual(['0-19', '20-39', '40-59', '60-79', '80-100']);
  });
});
