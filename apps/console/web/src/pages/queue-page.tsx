import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { ErrorLine } from '../components/error-line';
import { useApi } from '../components/use-api';
import { useT } from '../i18n';
import { navigate } from '../router';
import { TableHead } from '../components/table-head';
import { ruleDescription } from '../rule-descriptions';

export interface QueueCase {
  id: string;
  referenceCode: string;
  accountId: string;
  status: string;
  decision: string;
  priority: string;
  score: number;
  openedAt: string;
  borrowerAnswer: string | null;
  escalatedAt: string | null;
  unreachable: boolean;
  historical: boolean;
  assignee: { username: string; displayName: string } | null;
  rules: string[];
}
interface Page {
  items: QueueCase[];
  total: number;
  nextCursor: string | null;
}

const FILTERS = ['status', 'priority', 'decision', 'answer', 'rule', 'merchant', 'account', 'from', 'to', 'assigned', 'escalated', 'sort'] as const;

/** Dates in the form are days; the API takes instants. */
const toInstant = (day: string | null) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);

export function QueuePage({ params }: { params: URLSearchParams }) {
  const { t, time, label, locale } = useT();
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<ApiError>();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const search = (cursor?: string) =>
    `/api/cases${query({ ...filters, from: toInstant(filters.from), to: toInstant(filters.to), limit: '50', cursor })}`;

  // "← Queue" on a case returns here with these filters, at the scroll position the case was opened from.
  const returnTo = useRef(sessionStorage.getItem('sentinel.queue') === location.hash ? Number(sessionStorage.getItem('sentinel.queueScroll')) : 0);
  const restored = useRef(false);
  useEffect(() => sessionStorage.setItem('sentinel.queue', location.hash || '#/queue'), [params.toString()]);
  const leaving = () => sessionStorage.setItem('sentinel.queueScroll', String(scrollY));
  useEffect(() => {
    if (!page || restored.current) return;
    restored.current = true;
    if (returnTo.current > 0) scrollTo(0, returnTo.current);
  }, [page]);

  const catalog = useApi<{ items: { id: string; description: string }[] }>('/api/rules/catalog');

  // A refused filter shows its error alone, never above a list the filter did not select; a
  // corrected filter clears it.
  useEffect(() => {
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
    if (!page?.nextCursor) return;
    const next = await api<Page>('GET', search(page.nextCursor));
    setPage({ ...next, items: [...page.items, ...next.items] });
  };

  const apply = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const chosen = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.get(name);
      if (typeof value === 'string' && value) chosen.set(name, value);
    }
    navigate(`/queue${chosen.size ? `?${chosen}` : ''}`);
  };

  const select = (name: string, values: string[], labels: (v: string) => string = label) => (
    <label>
      {t(name as 'status')}
      <select name={name} value={filters[name as 'status']}>
        <option value="">{t('any')}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {labels(v)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section>
      <form class="filters" onSubmit={apply} aria-label="filters">
        {select('status', ['open', 'in_review', 'resolved', 'unresolved'])}
        {select('priority', ['high', 'normal'])}
        {select('decision', ['urgent', 'alert'])}
        {select('answer', ['not_me', 'me', 'none'], (v) => t(v === 'me' ? 'me_answer' : (v as 'none')))}
        <label>
          {t('rule')}
          <select name="rule" value={filters.rule}>
            <option value="">{t('anyRule')}</option>
            {filters.rule && !catalog.data?.items.some((r) => r.id === filters.rule) && <option value={filters.rule}>{filters.rule}</option>}
            {catalog.data?.items.map((r) => (
              <option key={r.id} value={r.id} title={ruleDescription(r.id, r.description, locale)}>
                {r.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('merchant')}
          <input name="merchant" value={filters.merchant} size={12} />
        </label>
        <label>
          {t('account')}
          <input name="account" value={filters.account} size={12} />
        </label>
        <label>
          {t('from')}
          <input name="from" type="date" value={filters.from} />
        </label>
        <label>
          {t('to')}
          <input name="to" type="date" value={filters.to} />
        </label>
        <label>
          {t('assigned')}
          <select name="assigned" value={filters.assigned}>
            <option value="">{t('any')}</option>
            <option value="me">{t('me')}</option>
            <option value="unassigned">{t('unassigned')}</option>
          </select>
        </label>
        <label class="check">
          <input name="escalated" type="checkbox" value="true" checked={filters.escalated === 'true'} />
          {t('escalatedOnly')}
        </label>
        <label>
          {t('sort')}
          <select name="sort" value={filters.sort || 'priority'}>
            {['priority', 'oldest', 'newest'].map((s) => (
              <option key={s} value={s}>
                {t(`sort_${s}` as 'sort_priority')}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('apply')}</button>
        <a href="#/queue">{t('clear')}</a>
      </form>
      <ErrorLine error={error} />
      {page && (
        <>
          <p class="count" data-testid="case-count">
            {t('casesFound', { count: page.total })}
          </p>
          {page.items.length === 0 ? (
            <p class="empty">{t('noCases')}</p>
          ) : (
            <table class="queue">
              <TableHead labels={[t('reference'), t('account'), t('status'), t('decision'), t('score'), t('rule'), t('answer'), t('assignee'), t('opened')]} />
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.id} class={`p-${c.priority}${c.borrowerAnswer === 'not_me' ? ' denied' : ''}`} data-case={c.id}>
                    <td>
                      <a href={`#/cases/${c.id}`} onClick={leaving}>
                        {c.referenceCode}
                      </a>
                      {c.escalatedAt && <span class="badge warn">{t('escalated')}</span>}
                      {c.historical && (
                        <span class="badge historical" title={t('historicalHint')}>
                          {t('historical')}
                        </span>
                      )}
                    </td>
                    <td>{c.accountId}</td>
                    <td>
                      <span class={`badge s-${c.status}`}>{label(c.status)}</span>
                    </td>
                    <td>
                      <span class={`badge d-${c.decision}`}>{label(c.decision)}</span> {c.priority === 'high' && <span class="badge high">{t('high')}</span>}
                    </td>
                    <td class="num">{c.score}</td>
                    <td class="rules">{c.rules.join(', ')}</td>
                    <td>{c.borrowerAnswer ? t(c.borrowerAnswer === 'me' ? 'me_answer' : 'not_me') : '—'}</td>
                    <td>{c.assignee?.displayName ?? '—'}</td>
                    <td>{time(c.openedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {page.nextCursor && (
            <button type="button" onClick={() => void more()}>
              {t('loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
