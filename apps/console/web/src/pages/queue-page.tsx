import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { ErrorLine } from '../components/error-line';
import { takeNextCase } from '../components/next-case';
import { useApi } from '../components/use-api';
import { useKeyboard } from '../components/use-keyboard';
import { waited } from '../components/waiting';
import { apiErrorText, useT } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import { ruleDescription } from '../rule-descriptions';
import { type CaseChange, useCaseChanges } from '../live';
import { BulkBar, type BulkOutcome } from './queue/bulk-bar';
import { SavedFilters } from './queue/saved-filters';
import type { ApiSchema } from '../api-types';

export type QueueCase = ApiSchema<'QueueCase'>;
type Page = ApiSchema<'CasePage'>;

/** A listed case as a live change leaves it. */
const updated = (c: QueueCase, change: CaseChange): QueueCase => ({
  ...c,
  status: change.status,
  decision: change.decision,
  priority: change.priority,
  score: change.score,
  borrowerAnswer: change.borrowerAnswer,
  assignee: change.assignee ? { id: change.assignee.id, username: c.assignee?.username ?? '', displayName: change.assignee.displayName } : null,
});

/** Whether a case still belongs under the queue's "assigned" filter (any, mine, unassigned). */
const assignedMatches = (assigned: string, c: QueueCase, me: string) => (assigned === 'unassigned' ? !c.assignee : assigned === 'me' ? c.assignee?.id === me : true);

/** The queue opens on the work still to do (open or in review); "all" is asked for, and kept in the link. */
const DEFAULT_STATUS = 'unresolved';
const ALL_STATUSES = 'all';

const FILTERS = ['status', 'priority', 'decision', 'answer', 'rule', 'merchant', 'account', 'from', 'to', 'assigned', 'escalated', 'sla', 'sort'] as const;

/** Clicks on these inside a row do their own thing; anywhere else the row opens its case. */
const ownClick = (target: EventTarget | null) => target instanceof Element && !!target.closest('a, button, input, label, select');

/**
 * Dates in the form are days; the API takes instants. Anything else (an instant, or a bad value
 * from an edited link or an old saved filter) goes as it is, and the API's 400 says what is wrong.
 */
const toInstant = (value: string | null) => {
  if (!value) return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : undefined;
  return day && !Number.isNaN(day.getTime()) ? day.toISOString() : value;
};

export function QueuePage({ params }: { params: URLSearchParams }) {
  const { t, time, label, locale } = useT();
  const { me } = useSession();
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<ApiError>();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  filters.status ||= DEFAULT_STATUS;
  // What the analyst has chosen in the form but not applied: kept in state, so that a re-render (a
  // case changed live, a notification) does not put the applied filters back over their typing.
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [params.toString()]);
  const edit = (e: Event) => {
    const field = e.target as HTMLInputElement | HTMLSelectElement;
    if (!(FILTERS as readonly string[]).includes(field.name)) return;
    const value = field instanceof HTMLInputElement && field.type === 'checkbox' ? (field.checked ? field.value : '') : field.value;
    setDraft((d) => ({ ...d, [field.name]: value }));
  };
  const apiFilters = { ...filters, status: filters.status === ALL_STATUSES ? undefined : filters.status, from: toInstant(filters.from), to: toInstant(filters.to) };
  const search = (cursor?: string) => `/api/cases${query({ ...apiFilters, limit: '50', cursor })}`;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState(-1);
  const [outcome, setOutcome] = useState<BulkOutcome>();
  // Open or folded, the filters stay so on the way back from a case, like the filters themselves and the scroll.
  const [filtersOpen, setFiltersOpen] = useState(() => sessionStorage.getItem('sentinel.queueFilters') === 'open');
  useEffect(() => sessionStorage.setItem('sentinel.queueFilters', filtersOpen ? 'open' : 'folded'), [filtersOpen]);
  // A refused filter is shown with the filters open, where it is put right.
  useEffect(() => {
    if (error) setFiltersOpen(true);
  }, [error]);
  // Resolve and next lands here with next=none when nothing was left to take.
  const [nothingWaiting, setNothingWaiting] = useState(params.get('next') === 'none');
  const [nextError, setNextError] = useState<ApiError>();
  const next = async () => {
    setNothingWaiting(false);
    setNextError(undefined);
    try {
      leaving();
      if (!(await takeNextCase())) setNothingWaiting(true);
    } catch (err) {
      setNextError(err as ApiError);
    }
  };
  const activeFilters = FILTERS.filter((f) => f !== 'sort' && params.get(f)).length;

  // "← Queue" on a case returns here with these filters, at the scroll position the case was opened from.
  const returnTo = useRef(sessionStorage.getItem('sentinel.queue') === location.hash ? Number(sessionStorage.getItem('sentinel.queueScroll')) : 0);
  const restored = useRef(false);
  useEffect(() => sessionStorage.setItem('sentinel.queue', location.hash || '#/queue'), [params.toString()]);
  const leaving = () => sessionStorage.setItem('sentinel.queueScroll', String(scrollY));
  const stopRestoring = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!page || restored.current) return;
    restored.current = true;
    const target = returnTo.current;
    if (target <= 0) return;
    scrollTo(0, target);
    // The rule picker, saved filters and banners load after the list and make the page taller, so
    // one scroll at the first render can land short: hold the position while the page grows, until
    // the analyst scrolls or types, or a few seconds pass.
    const observer = new ResizeObserver(() => {
      if (scrollY !== target) scrollTo(0, target);
    });
    observer.observe(document.body);
    const timer = setTimeout(() => stopRestoring.current(), 3000);
    const events = ['wheel', 'touchmove', 'keydown', 'mousedown'] as const;
    stopRestoring.current = () => {
      observer.disconnect();
      clearTimeout(timer);
      for (const name of events) removeEventListener(name, stopRestoring.current);
      stopRestoring.current = () => undefined;
    };
    for (const name of events) addEventListener(name, stopRestoring.current, { passive: true });
  }, [page]);
  useEffect(() => () => stopRestoring.current(), []);

  const catalog = useApi<ApiSchema<'RuleCatalog'>>('/api/rules/catalog');

  // A refused filter shows its error alone, never above a list the filter did not select; a
  // corrected filter clears it.
  // Live updates: cases opened since the list loaded are counted, not pushed into it under the
  // analyst's cursor; listed cases change in place.
  const [round, setRound] = useState(0);
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());
  const loadedAt = useRef(Date.now());
  useCaseChanges(
    (change: CaseChange) => {
      if (page?.items.some((c) => c.id === change.id)) {
        setPage((p) => p && { ...p, items: p.items.map((c) => (c.id === change.id ? updated(c, change) : c)) });
      } else if (change.status !== 'resolved' && Date.parse(change.openedAt) >= loadedAt.current) {
        setArrived((known) => (known.has(change.id) ? known : new Set([...known, change.id])));
      }
    },
    () => setRound((r) => r + 1),
  );

  useEffect(() => {
    loadedAt.current = Date.now();
    setArrived(new Set());
    setSelected(new Set());
    setCursor(-1);
    setOutcome(undefined);
    // Filters changed quickly: only the answer for the filters now on screen may land.
    let current = true;
    api<Page>('GET', search()).then(
      (found) => {
        if (!current) return;
        setPage(found);
        setError(undefined);
      },
      (err: ApiError) => {
        if (!current) return;
        setPage(undefined);
        setError(err);
      },
    );
    return () => {
      current = false;
    };
  }, [params.toString(), round]);

  const more = async () => {
    if (!page?.nextCursor) return;
    const next = await api<Page>('GET', search(page.nextCursor));
    setPage({ ...next, items: [...page.items, ...next.items] });
  };

  const items = page?.items ?? [];
  const open = (id: string) => {
    leaving();
    navigate(`/cases/${id}`);
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    setSelected(next);
    // At phone width the bulk bar sits over the bottom of the screen: keep the ticked case above it.
    requestAnimationFrame(() => document.querySelector(`tr[data-case="${id}"]`)?.scrollIntoView({ block: 'nearest' }));
  };
  const allTicked = items.length > 0 && items.every((c) => selected.has(c.id));
  const move = (by: number) => {
    if (!items.length) return;
    const next = Math.min(items.length - 1, Math.max(0, cursor + by));
    setCursor(next);
    document.querySelector(`tr[data-case="${items[next].id}"]`)?.scrollIntoView({ block: 'nearest' });
  };
  const { help } = useKeyboard({
    j: () => move(1),
    k: () => move(-1),
    Enter: () => items[cursor] && open(items[cursor].id),
    x: () => items[cursor] && toggle(items[cursor].id),
  });
  const results = new Map(outcome?.results.map((r) => [r.id, r]));
  const result = (id: string) => {
    const r = results.get(id);
    if (!r) return null;
    return (
      <div class={`result ${r.ok ? 'ok' : 'error'}`} data-testid="result">
        {r.ok
          ? r.awaitingApproval
            ? t('awaitingApproval')
            : t('actDone')
          : `${t('actRefused')}${locale === 'zh-CN' ? '：' : ': '}${
              r.holder ? t('caseHeldBy', { name: r.holder.displayName || r.holder.username, time: time(r.holder.since) }) : apiErrorText(r.error ?? '', r.message ?? '', locale)
            }`}
      </div>
    );
  };
  const acted = (done: BulkOutcome) => {
    setOutcome(done);
    setSelected(new Set(done.results.filter((r) => !r.ok).map((r) => r.id)));
    const changed = new Map(done.results.filter((r) => r.ok).map((r) => [r.id, r]));
    const after = (c: QueueCase): QueueCase => {
      const r = changed.get(c.id);
      if (!r) return c;
      const assignee = r.assignee === undefined ? c.assignee : r.assignee && { id: r.assignee.id, username: '', displayName: r.assignee.displayName };
      return { ...c, status: r.status ?? c.status, assignee };
    };
    // The rows stay where they are, with their new status and holder, so each one's result is read
    // in place; a case the action took out of an "assigned" view leaves it, as a reload would show.
    // From the page as it is now: live changes may have landed while the request was out.
    setPage((p) => {
      if (!p) return p;
      const items = p.items.map(after);
      const kept = items.filter((c) => !changed.has(c.id) || assignedMatches(filters.assigned, c, me.id));
      return { ...p, items: kept, total: p.total - (items.length - kept.length) };
    });
  };

  const apply = (e: Event) => {
    e.preventDefault();
    // At phone width the list is what the analyst wants to see next.
    setFiltersOpen(false);
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const chosen = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.get(name);
      if (typeof value === 'string' && value && !(name === 'status' && value === DEFAULT_STATUS)) chosen.set(name, value);
    }
    navigate(`/queue${chosen.size ? `?${chosen}` : ''}`);
  };

  const select = (name: string, values: string[], labels: (v: string) => string = label) => (
    <label>
      {t(name as 'status')}
      <select name={name} value={draft[name as 'status']}>
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
      <div class="queue-head">
        {filters.assigned === 'me' && <h1 data-testid="view-title">{t('myCases')}</h1>}
        <button type="button" data-testid="next-case" onClick={() => void next()}>
          {t('nextCase')}
        </button>
        {/* At phone width the filters wait behind this button, so the first screen shows cases. */}
        <button
          type="button"
          class="filters-toggle"
          data-testid="filters-toggle"
          aria-expanded={filtersOpen}
          aria-controls="queue-filters"
          onClick={() => setFiltersOpen((open) => !open)}
        >
          {activeFilters ? t('filtersActive', { count: activeFilters }) : t('filtersToggle')} {filtersOpen ? '▴' : '▾'}
        </button>
        {nothingWaiting && (
          <span class="muted" role="status" data-testid="next-none">
            {t('nextNone')}
          </span>
        )}
        <ErrorLine error={nextError} />
      </div>
      <div class={`filter-panel${filtersOpen ? ' open' : ''}`} id="queue-filters">
        <form class="filters" onSubmit={apply} onInput={edit} onChange={edit} aria-label="filters">
          <label>
            {t('status')}
            <select name="status" value={draft.status}>
              {[DEFAULT_STATUS, 'open', 'in_review', 'resolved'].map((v) => (
                <option key={v} value={v}>
                  {label(v)}
                </option>
              ))}
              <option value={ALL_STATUSES}>{t('allStatuses')}</option>
            </select>
          </label>
          {select('priority', ['high', 'normal'])}
          {select('decision', ['urgent', 'alert'])}
          {select('answer', ['not_me', 'me', 'none'], (v) => t(v === 'me' ? 'me_answer' : (v as 'none')))}
          <label>
            {t('rule')}
            <select name="rule" value={draft.rule}>
              <option value="">{t('anyRule')}</option>
              {draft.rule && !catalog.data?.items.some((r) => r.id === draft.rule) && <option value={draft.rule}>{draft.rule}</option>}
              {catalog.data?.items.map((r) => (
                <option key={r.id} value={r.id} title={ruleDescription(r.id, r.description, locale)}>
                  {r.id}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('merchant')}
            <input name="merchant" value={draft.merchant} size={12} />
          </label>
          <label>
            {t('account')}
            <input name="account" value={draft.account} size={12} />
          </label>
          <label>
            {t('from')}
            <input name="from" type="date" value={draft.from} />
          </label>
          <label>
            {t('to')}
            <input name="to" type="date" value={draft.to} />
          </label>
          <label>
            {t('assigned')}
            <select name="assigned" value={draft.assigned}>
              <option value="">{t('any')}</option>
              <option value="me">{t('me')}</option>
              <option value="unassigned">{t('unassigned')}</option>
            </select>
          </label>
          <label class="check">
            <input name="escalated" type="checkbox" value="true" checked={draft.escalated === 'true'} />
            {t('escalatedOnly')}
          </label>
          {select('sla', ['over', 'within'], (v) => t(v === 'over' ? 'actSlaOver' : 'actSlaWithin'))}
          <label>
            {t('sort')}
            <select name="sort" value={draft.sort || 'priority'}>
              {['priority', 'waiting', 'oldest', 'newest'].map((s) => (
                <option key={s} value={s}>
                  {t(`sort_${s}` as 'sort_priority')}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('apply')}</button>
          <a href="#/queue">{t('clear')}</a>
        </form>
        <SavedFilters current={params.toString()} />
      </div>
      <ErrorLine error={error} />
      {arrived.size > 0 && (
        <button type="button" class="new-cases" data-testid="new-cases" onClick={() => setRound((r) => r + 1)}>
          {t('newCases', { count: arrived.size })}
        </button>
      )}
      {help}
      {page && (
        <>
          <p class="count">
            <span data-testid="case-count">{t('casesFound', { count: page.total })}</span>
            {' · '}
            <span data-testid="sla-target">{t('actSlaTarget', { target: waited(page.slaMinutes * 60, t) })}</span>
            {' · '}
            <a href={`/api/cases/export${query({ ...apiFilters, lang: locale })}`} download data-testid="export">
              {t('actExport')}
            </a>
            <span class="muted small keys-hint"> · {t('actKeysHint')}</span>
          </p>
          {selected.size > 0 && <BulkBar selected={[...selected]} onDone={acted} onClear={() => setSelected(new Set())} />}
          {outcome && (
            <p class={outcome.refused ? 'warn' : 'ok'} role="status" data-testid="bulk-summary">
              {t('actSummary', { done: outcome.done, refused: outcome.refused })}
            </p>
          )}
          {page.items.length === 0 ? (
            <p class="empty">{t(filters.assigned === 'me' && filters.status === DEFAULT_STATUS ? 'myCasesNone' : 'noCases')}</p>
          ) : (
            <table class="queue">
              <thead>
                <tr>
                  <th>
                    <input
                      type="checkbox"
                      aria-label={t('actSelectAll')}
                      data-testid="select-all"
                      checked={allTicked}
                      onChange={() => setSelected(allTicked ? new Set() : new Set(items.map((c) => c.id)))}
                    />
                  </th>
                  {/* Waiting comes early: at phone width it stays in view while the rest scrolls sideways. */}
                  {[t('reference'), t('actWaiting'), t('account'), t('status'), t('decision'), t('score'), t('rule'), t('answer'), t('assignee'), t('opened')].map((label) => (
                    <th key={label}>{label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.items.map((c, i) => (
                  <tr
                    key={c.id}
                    class={`p-${c.priority}${c.borrowerAnswer === 'not_me' ? ' denied' : ''}${c.overSla ? ' over-sla' : ''}${selected.has(c.id) ? ' ticked' : ''}${i === cursor ? ' cursor' : ''}`}
                    data-case={c.id}
                    onClick={(e) => !ownClick(e.target) && open(c.id)}
                  >
                    <td class="c-check">
                      <input type="checkbox" aria-label={t('actSelectCase', { ref: c.referenceCode })} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                    </td>
                    <td class="c-ref">
                      <a href={`#/cases/${c.id}`} onClick={leaving} data-testid="row-reference">
                        {c.referenceCode}
                      </a>
                      {c.escalatedAt && <span class="badge warn">{t('escalated')}</span>}
                      {c.historical && (
                        <span class="badge historical" title={t('historicalHint')}>
                          {t('historical')}
                        </span>
                      )}
                      {/* In the row's first cell, so the result is read without scrolling at phone width. */}
                      {result(c.id)}
                    </td>
                    <td class="waiting c-wait" data-testid="waiting">
                      {waited(c.waitingSeconds, t)}
                      {c.overSla && <span class="badge high">{t('actOverTarget')}</span>}
                    </td>
                    <td class="c-account" data-testid="row-account">
                      {c.accountId}
                    </td>
                    <td class="c-status">
                      <span class={`badge s-${c.status}`} data-testid="row-status">
                        {label(c.status)}
                      </span>
                    </td>
                    <td class="c-band" data-testid="row-band">
                      <span class={`badge d-${c.decision}`}>{label(c.decision)}</span> {c.priority === 'high' && <span class="badge high">{t('high')}</span>}
                    </td>
                    <td class="num c-score" data-label={t('score')}>
                      {c.score}
                    </td>
                    <td class="rules c-rules" data-testid="row-rules">
                      {c.rules.join(', ')}
                    </td>
                    <td class="c-answer">{c.borrowerAnswer ? t(c.borrowerAnswer === 'me' ? 'me_answer' : 'not_me') : '—'}</td>
                    <td class="c-assignee" data-testid="row-assignee" title={t('assignee')}>
                      {c.assignee?.displayName ?? '—'}
                    </td>
                    <td class="c-opened" data-testid="row-opened">
                      {time(c.openedAt)}
                    </td>
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
