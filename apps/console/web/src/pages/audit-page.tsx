import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { ErrorLine } from '../components/error-line';
import { TableHead } from '../components/table-head';
import { type MessageKey, useT } from '../i18n';
import { navigate } from '../router';
import { useAuditWords } from './case/case-audit';
import { RuleDiffList } from './rules/rule-diff-list';
import type { ApiSchema } from '../api-types';

type Page = ApiSchema<'AuditPage'>;
type AuditEntry = Page['items'][number];

const FILTERS = ['actor', 'action', 'case', 'account', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
/** Families and actions offered in the picker; others still filter when typed into the URL. */
const ACTIONS = [
  'case',
  'case.claimed',
  'case.assigned',
  'case.released',
  'case.escalated',
  'case.note_added',
  'case.status_changed',
  'case.reopened',
  'case.resolution_requested',
  'case.resolution_approved',
  'case.resolution_rejected',
  'case.borrower_answer',
  'pii',
  'pii.revealed',
  'rule_set',
  'rule_set.update',
  'rule_set.rollback',
  'rule_set.publication_requested',
  'rule_set.publication_approved',
  'rule_set.publication_rejected',
  'rule_set.backtested',
  'rule',
  'analyst',
  'saved_filter',
  'session',
];
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A `datetime-local` value is wall time where the browser is; the API takes instants with an offset. */
const toInstant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Supervisors read the whole audit trail, filtered by who, what, which case or account, and when. */
export function AuditPage({ params }: { params: URLSearchParams }) {
  const { t, time } = useT();
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<ApiError | string>();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Filters;
  const { actionLabel, changes } = useAuditWords();
  const about = (a: AuditEntry) =>
    a.entityType === 'case' ? (
      <a href={`#/cases/${a.entityId}`}>{page?.names.cases[a.entityId] ?? t('auditCaseRef', { id: a.entityId.slice(0, 8) })}</a>
    ) : a.entityType === 'analyst' && page?.names.analysts[a.entityId] ? (
      `${t('audit:analyst')} ${page.names.analysts[a.entityId]}`
    ) : a.entityType === 'rule_set' ? (
      // A version is a number; a publication awaiting approval is its request's id.
      /^\d+$/.test(a.entityId) ? (
        `${t('audit:rule_set')} v${a.entityId}`
      ) : (
        t('auditRuleSetRequest')
      )
    ) : (
      `${a.entityType === 'account' ? t('account') : actionLabel(a.entityType)} ${a.entityId}`
    );
  const search = (before?: number) =>
    `/api/audit${query({ ...filters, from: toInstant(filters.from), to: toInstant(filters.to), limit: '50', before: before ? String(before) : undefined })}`;

  useEffect(() => {
    if (filters.from && filters.to && filters.from >= filters.to) {
      setPage(undefined);
      setError(t('auditBadRange'));
      return;
    }
    api<Page>('GET', search()).then(
      (found) => {
        setPage(found);
        setError(undefined);
      },
      (err: ApiError) => {
        setPage(undefined);
        setError(err);
      },
    );
  }, [params.toString()]);

  const more = async () => {
    if (!page?.nextBefore) return;
    const next = await api<Page>('GET', search(page.nextBefore));
    setPage({
      items: [...page.items, ...next.items],
      nextBefore: next.nextBefore,
      names: { analysts: { ...page.names.analysts, ...next.names.analysts }, cases: { ...page.names.cases, ...next.names.cases } },
    });
  };

  const apply = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const chosen = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.get(name);
      if (typeof value === 'string' && value.trim()) chosen.set(name, value.trim());
    }
    navigate(`/audit${chosen.size ? `?${chosen}` : ''}`);
  };

  const text = (name: 'actor' | 'case' | 'account', label: MessageKey, placeholder?: string) => (
    <label>
      {t(label)}
      <input name={name} value={filters[name]} size={14} placeholder={placeholder} />
    </label>
  );

  return (
    <section>
      <h1>{t('auditLog')}</h1>
      <form class="filters" onSubmit={apply} aria-label="audit filters">
        {text('actor', 'auditActor', 'analyst:sam')}
        <label>
          {t('auditAction')}
          <select name="action" value={filters.action}>
            <option value="">{t('auditAnyAction')}</option>
            {filters.action && !ACTIONS.includes(filters.action) && <option value={filters.action}>{filters.action}</option>}
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a.includes('.') ? `· ${actionLabel(a)}` : t('auditFamily', { family: actionLabel(a) })}
              </option>
            ))}
          </select>
        </label>
        {text('case', 'auditCase')}
        {text('account', 'auditAccount')}
        <label>
          {t('auditFrom')}
          <input name="from" type="datetime-local" value={filters.from} />
        </label>
        <label>
          {t('auditTo')}
          <input name="to" type="datetime-local" value={filters.to} />
        </label>
        <button type="submit">{t('apply')}</button>
        <a href="#/audit">{t('clear')}</a>
      </form>
      <p class="muted small" data-testid="time-zone">
        {t('timesIn', { zone })}
      </p>
      <ErrorLine error={error} />
      {page && (
        <>
          <p class="count" data-testid="audit-count">
            {t('auditShown', { count: page.items.length })}
          </p>
          {page.items.length === 0 ? (
            <p class="empty">{t('auditNone')}</p>
          ) : (
            <table class="audit audit-log" data-testid="audit-log">
              <TableHead labels={[t('at'), t('actor'), t('action'), t('auditAbout'), t('change')]} />
              <tbody>
                {page.items.map((a) => (
                  <tr key={a.id} data-action={a.action}>
                    <td>{time(a.at)}</td>
                    <td>{a.actor}</td>
                    <td title={a.action}>{actionLabel(a.action)}</td>
                    <td>{about(a)}</td>
                    <td class="payload">{a.ruleDiff ? <RuleDiffList diff={a.ruleDiff} compact /> : changes(a.before, a.after, page.names)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {page.nextBefore && (
            <button type="button" onClick={() => void more()} data-testid="audit-more">
              {t('loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
