import { stringify } from 'csv-stringify/sync';

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a
 * formula: a rule id or a note someone typed could then fetch or run something on the analyst's
 * machine. Such a cell gets a leading apostrophe, which shows the text as text (OWASP's advice).
 */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Rows as CSV, quoted where needed by the library, with every text cell guarded. */
export function toCsv(columns: readonly string[], rows: Record<string, string | number | boolean | null>[]): string {
  return stringify(rows, {
    header: true,
    columns: columns.map((key) => ({ key })),
    cast: { string: guardFormula, boolean: (b) => (b ? 'true' : 'false') },
  });
}
