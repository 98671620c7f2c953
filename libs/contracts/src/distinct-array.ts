import { z } from 'zod';

/** The first value that appears more than once, by `keyOf`, with how many times. */
function firstRepeat<T>(values: readonly T[], keyOf: (value: T) => unknown): { key: unknown; times: number } | undefined {
  const counts = new Map<unknown, number>();
  for (const value of values) counts.set(keyOf(value), (counts.get(keyOf(value)) ?? 0) + 1);
  for (const [key, times] of counts) if (times > 1) return { key, times };
  return undefined;
}

/**
 * An array of at most `max` values, none repeated (by `keyOf`, the value itself unless told): a
 * consumer does work per element, so a list that may repeat, or grow without bound, lets one
 * account's data cost every other account time. Past `max` the list is refused unread (abort), so
 * that a huge one costs one issue, not one per element.
 */
export function distinctArray<T extends z.ZodType>(item: T, what: string, max: number, keyOf: (value: z.output<T>) => unknown = (value) => value, noun = 'value') {
  return z
    .array(item)
    .max(max, { error: (issue) => `${what} may hold at most ${max} values${Array.isArray(issue?.input) ? `; got ${issue.input.length}` : ''}`, abort: true })
    .refine((values) => firstRepeat(values, keyOf) === undefined, {
      error: (issue) => {
        const repeat = Array.isArray(issue?.input) ? firstRepeat(issue.input as z.output<T>[], keyOf) : undefined;
        return repeat ? `${what} must not repeat a ${noun}: ${JSON.stringify(repeat.key)} appears ${repeat.times} times` : `${what} must not repeat a ${noun}`;
      },
    });
}
