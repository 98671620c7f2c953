import type { ApiSchema } from '../../api-types';
import { TableHead } from '../../components/table-head';
import { useT } from '../../i18n';

export type RuleSetDiff = ApiSchema<'RuleSetDiff'>;

/** Field names and values in the reader's language; parameter names are identifiers and stay as they are. */
function useDiffWords() {
  const { t, label } = useT();
  const field = (name: string) =>
    name.startsWith('params.') ? `${t('params')} ${name.slice('params.'.length)}` : name === 'enabled' ? t('enabled') : name === 'severity' ? t('severity') : t('score');
  const value = (v: unknown) =>
    v === undefined || v === null ? t('diffUnset') : v === true ? t('valueOn') : v === false ? t('valueOff') : typeof v === 'string' ? label(v) : JSON.stringify(v);
  const band = (name: string) => t(`band_${name}` as 'band_alert');
  return { field, value, band };
}

/**
 * What differs between two rule-set versions, one row per changed setting as "old → new". The API
 * lists only what changed, so an unchanged field never shows, let alone as erased.
 */
export function RuleDiffList({ diff, compact = false }: { diff: RuleSetDiff; compact?: boolean }) {
  const { t } = useT();
  const words = useDiffWords();
  const rows = [
    ...diff.rules.flatMap((r) => r.changes.map((c) => ({ key: `${r.ruleId}.${c.field}`, rule: r.ruleId, setting: words.field(c.field), from: c.from, to: c.to }))),
    ...diff.decisions.map((c) => ({ key: `decisions.${c.field}`, rule: t('diffBands'), setting: words.band(c.field), from: c.from, to: c.to })),
  ];
  if (rows.length === 0)
    return (
      <p class="muted" data-testid="diff-same">
        {t('diffSame')}
      </p>
    );
  if (compact) {
    return (
      <ul class="diff-compact">
        {rows.map((r) => (
          <li key={r.key}>
            <code>{r.rule}</code> {r.setting}: {words.value(r.from)} → {words.value(r.to)}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <table class="rule-diff" data-testid="rule-diff">
      <TableHead labels={[t('rule'), t('diffSetting'), t('diffChange')]} />
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-change={r.key}>
            <td>
              <code>{r.rule}</code>
            </td>
            <td>{r.setting}</td>
            <td>
              <del>{words.value(r.from)}</del> → <ins>{words.value(r.to)}</ins>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
