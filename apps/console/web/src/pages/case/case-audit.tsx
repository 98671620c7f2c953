import { useT } from '../../i18n';
import type { CaseDetail } from './case-detail';
import { TableHead } from '../../components/table-head';

/**
 * What changed, as "field: before → after" for the fields that differ ("field: value" for one that
 * is new). An entry records in `after`
 * only what it changed: a field in `before` alone was left as it was, not erased. With no `after`
 * at all the thing itself was removed, and every field shows as gone.
 */
export function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const keys = after ? Object.keys(after) : Object.keys(before ?? {});
  return keys
    .filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]))
    .map((k) =>
      !before || !(k in before) ? `${k}: ${JSON.stringify(after?.[k])}` : `${k}: ${JSON.stringify(before[k])} → ${after && k in after ? JSON.stringify(after[k]) : '∅'}`,
    )
    .join('; ');
}

export function CaseAudit({ entries }: { entries: CaseDetail['audit'] }) {
  const { t, time } = useT();
  return (
    <section>
      <h2>{t('audit')}</h2>
      <table class="audit" data-testid="audit">
        <TableHead labels={[t('at'), t('actor'), t('action'), t('change')]} />
        <tbody>
          {entries.map((a) => (
            <tr key={a.id}>
              <td>{time(a.at)}</td>
              <td>{a.actor}</td>
              <td>
                <code>{a.action}</code>
              </td>
              <td class="payload">{changes(a.before, a.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
