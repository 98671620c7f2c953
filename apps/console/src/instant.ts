import { z } from 'zod';

const OFFSET = /(?:Z|([+-])(\d{2}):(\d{2}))$/;
/** A `+` left unencoded in a URL arrives as a space where the offset's sign was. */
const SPACED_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)? \d{2}:\d{2}$/;
const isDateTime = (value: string) => z.iso.datetime({ offset: true }).safeParse(value).success;

/**
 * An ISO 8601 instant with its offset, as Postgres takes it: zod alone lets through offsets no time
 * zone has (`+23:59`, which Postgres refuses with SQLSTATE 22009) and the year 0000.
 */
export function instant(example: string) {
  return z.iso
    .datetime({
      offset: true,
      error: (issue) =>
        typeof issue.input === 'string' && SPACED_OFFSET.test(issue.input)
          ? `"${issue.input}" has a space where its offset's sign goes: a + in a URL must be written %2B, e.g. ${example}`
          : `must be an ISO 8601 time with its offset, e.g. ${example}`,
    })
    .superRefine((value, ctx) => {
      if (!isDateTime(value)) return;
      if (value.startsWith('0000')) ctx.addIssue({ code: 'custom', message: 'the year must be 0001 or later' });
      const [, sign, hours, minutes] = OFFSET.exec(value) ?? [];
      if (sign && Number(hours) * 60 + Number(minutes) > (sign === '+' ? 14 * 60 : 12 * 60)) {
        ctx.addIssue({ code: 'custom', message: `offset ${sign}${hours}:${minutes} is no time zone's: offsets run from -12:00 to +14:00` });
      }
    });
}
