import { useT } from '../../i18n';
import type { CaseDetail } from './case-detail';
import { TableHead } from '../../components/table-head';
import type { ApiSchema } from '../../api-types';

export type AuditNames = ApiSchema<'AuditNames'>;

/** Fields holding an analyst's id, shown by name; fields holding an instant, shown in local time. */
const ANALYST_FIELDS = new Set(['assigneeId', 'analystId']);
const TIME_FIELDS = new Set(['escalatedAt', 'claimedAt', 'resolvedAt', 'until']);
/** Fields whose values are codes the dictionary has words for (`in_review`, `high`). */
const CODE_FIELDS = new Set(['status', 'priority', 'resolution', 'decision']);

/**
 * Audit entries in the reader's words: actions by label, analysts by name, notes as their (masked)
 * text, codes translated; the ids stay in the entries, and the audit page's filters take them.
 */
export function useAuditWords() {
  const { t, time, label, locale } = useT();
  /** A dictionary entry, or undefined when there is none (`label` hands back what it does not know). */
  const known = (key: string) => {
    const found = label(key);
    return found === key ? undefined : found;
  };
  const actionLabel = (action: string) => known(`audit:${action}`) ?? action;

  const value = (field: string, v: unknown, names: AuditNames): string => {
    if (v === null || v === undefined) return ANALYST_FIELDS.has(field) ? t('auditNobody') : '—';
    if (typeof v === 'string') {
      if (ANALYST_FIELDS.has(field)) return names.analysts[v] ?? v;
      if (TIME_FIELDS.has(field)) return time(v);
      if (CODE_FIELDS.has(field)) return label(v);
      if (field === 'resolutionReason' || field === 'reasonCode') return known(`reason_${v}`) ?? v;
      if (field === 'visibility') return known(`visibility_${v}`) ?? v;
      if (field === 'answer') return t(v === 'me' ? 'me_answer' : 'not_me');
      if (field === 'action') return known(`audit:case.${v === 'assign' ? 'assigned' : v === 'resolve' ? 'status_changed' : 'escalated'}`) ?? v;
      return v;
    }
    // A note is stored whole in its entry; its text was masked before it was saved.
    if (field === 'note' && typeof v === 'object' && 'body' in v) return String(v.body);
    return JSON.stringify(v);
  };

  /**
   * What changed, as "field: before → after" for the fields that differ ("field: value" for one that
   * is new). An entry records in `after` only what it changed: a field in `before` alone was left as
   * it was, not erased. With no `after` at all the thing itself was removed, and every field shows as gone.
   */
  const changes = (before: Record<string, unknown> | null, after: Record<string, unknown> | null, names: AuditNames): string => {
    const colon = locale === 'zh-CN' ? '：' : ': ';
    const keys = after ? Object.keys(after) : Object.keys(before ?? {});
    return keys
      .filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]))
      .map((k) => {
        const name = known(`auditField:${k}`) ?? k;
        // The batch's id says nothing to a reader; the audit page finds its entries by the batch's own entry.
        if (k === 'bulk') return name;
        if (!before || !(k in before)) return `${name}${colon}${value(k, after?.[k], names)}`;
        return `${name}${colon}${value(k, before[k], names)} → ${after && k in after ? value(k, after[k], names) : '∅'}`;
      })
      .join(locale === 'zh-CN' ? '；' : '; ');
  };
  return { actionLabel, changes };
}

export function CaseAudit({ entries, names }: { entries: CaseDetail['audit']; names: AuditNames }) {
  const { t, time } = useT();
  const { actionLabel, changes } = useAuditWords();
  return (
    <section>
      <h2>{t('audit')}</h2>
      <table class="audit" data-testid="audit">
        <TableHead labels={[t('at'), t('actor'), t('action'), t('change')]} />
        <tbody>
          {entries.map((a) => (
            <tr key={a.id} data-action={a.action}>
              <td>{time(a.at)}</td>
              <td>{a.actor}</td>
              <td title={a.action}>{actionLabel(a.action)}</td>
              <td class="payload">{changes(a.before, a.after, names)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
