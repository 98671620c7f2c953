import { stringify } from 'csv-stringify/sync';

/**
 * A masked phone as maskPhone writes it from an E.164 number (+86138****5678): a plus, digits,
 * four stars and four digits. It holds no name, reference or call, so nothing in it can compute
 * or fetch; an apostrophe before it would only show in the analyst's spreadsheet.
 */
const MASKED_PHONE = /^\+\d{0,15}\*{4}\d{4}$/;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a
 * formula: a rule id or a note someone typed could then fetch or run something on the analyst's
 * machine. Such a cell gets a leading apostrophe, which shows the text as text (OWASP's advice);
 * only a masked phone, which cannot be one, is left as it is.
 */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !MASKED_PHONE.test(value) ? `'${value}` : value;
}

/** Rows as CSV, quoted where needed by the library, with every text cell guarded; `headers` name the columns (their keys by default). */
export function toCsv<K extends string>(
  columns: readonly K[],
  rows: Partial<Record<K, string | number | boolean | null>>[],
  headers?: Record<K, string>,
  booleans: { yes: string; no: string } = { yes: 'true', no: 'false' },
): string {
  return stringify(rows, {
    header: true,
    columns: columns.map((key) => ({ key, header: headers?.[key] ?? key })),
    cast: { string: guardFormula, boolean: (b) => (b ? booleans.yes : booleans.no) },
  });
}
