/**
 * The score bands a calibration is reported in, by `npm run eval` on the corpus and on the Rules
 * page from the platform's own resolved cases: [from, to], inclusive.
 */
export const SCORE_BANDS: readonly (readonly [number, number])[] = [
  [0, 19],
  [20, 39],
  [40, 59],
  [60, 79],
  [80, 100],
];

/** A band as reports name it: `0-19`. */
export const scoreBandName = ([from, to]: readonly [number, number]): string => `${from}-${to}`;

/** The index of the band a score falls in: the first also takes scores below zero, the last those above its top. */
export function scoreBandOf(score: number): number {
  const index = SCORE_BANDS.findIndex(([, to]) => score < to + 1);
  return index < 0 ? SCORE_BANDS.length - 1 : index;
}
