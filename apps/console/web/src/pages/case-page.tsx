import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorLine } from '../components/error-line';
import { reasonLabel, ResolveDialog } from '../components/resolve-dialog';
import { takeNextCase } from '../components/next-case';
import { useAction } from '../components/use-action';
import { useApi } from '../components/use-api';
import { useKeyboard } from '../components/use-keyboard';
import { useT } from '../i18n';
import { useSession } from '../session';
import { navigate } from '../router';
import type { CaseDetail } from './case/case-detail';
import { CaseAudit } from './case/case-audit';
import { CaseNotes } from './case/case-notes';
import { formText } from '../components/form-text';
import { CaseSnoozes } from './case/case-snoozes';
import { CaseRing } from './case/case-ring';
import { useCaseChanges } from '../live';
import type { ApiSchema } from '../api-types';
import { eventDetails } from './case/event-details';
import { ApprovalButtons, yuan } from './approvals-page';

const backToQueue = () => sessionStorage.getItem('sentinel.queue') ?? '#/queue';
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function CasePage({ id }: { id: string }) {
  const { t, time, label, locale } = useT();
  const { me, atLeast } = useSession();
  const { data, error, reload } = useApi<CaseDetail>(`/api/cases/${id}`, { fresh: true });
  const analysts = useApi<ApiSchema<'AnalystList'>>('/api/analysts');
  const { error: actionError, run } = useAction(() => reload());
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [newestFirst, setNewestFirst] = useState(true);
  // Claims, answers and resolutions made elsewhere reach the open page without a reload.
  useCaseChanges(
    (change) => change.id === id && void reload(),
    () => void reload(),
  );
  const [resolving, setResolving] = useState(false);
  // Whether this analyst may resolve the case as it now stands: held by them (or a supervisor), in
  // review, no confirmation awaiting approval.
  const mayResolve = !!data && (data.case.assigneeId === me.id || atLeast('supervisor')) && data.case.status === 'in_review' && !data.pendingResolution;
  // However the case stopped being theirs to resolve (resolved here or elsewhere, sent for approval,
  // reassigned to a colleague while the dialog was open), the dialog is done.
  useEffect(() => {
    if (!mayResolve) setResolving(false);
  }, [mayResolve]);
  const { help } = useKeyboard({
    c: () => {
      if (data && data.case.status !== 'resolved' && !data.case.assigneeId) void act('claim');
    },
    n: () => document.querySelector<HTMLTextAreaElement>('textarea[name=body]')?.focus(),
  });

  if (error) return <ErrorLine error={error} />;
  if (!data) return <p>{t('loading')}</p>;
  const c = data.case;
  const mine = c.assigneeId === me.id;
  // Held by a colleague, a case is not claimed from them (the API refuses): a supervisor reassigns it.
  const heldByOther = !!c.assigneeId && !mine;
  const resolved = c.status === 'resolved';

  const act = (path: string, body: unknown = {}) => run(() => api('POST', `/api/cases/${id}/${path}`, body));
  const submit = (handler: (form: FormData) => Promise<void>) => (e: Event) => {
    e.preventDefault();
    void handler(new FormData(e.currentTarget as HTMLFormElement));
  };
  const reveal = (field: 'phone' | 'email') =>
    run(async () => {
      const { value } = await api<ApiSchema<'RevealedField'>>('POST', `/api/cases/${id}/reveal`, { field });
      setRevealed({ ...revealed, [field]: value });
    });

  return (
    <article class="case">
      <p>
        <a href={backToQueue()} data-testid="back">
          {t('back')}
        </a>
      </p>
      <header class="case-head">
        <h1>{c.referenceCode}</h1>
        <span class={`badge s-${c.status}`} data-testid="case-status">
          {label(c.status)}
          {c.resolution ? ` · ${label(c.resolution)}` : ''}
        </span>
        <span class={`badge d-${c.decision}`}>{label(c.decision)}</span>
        {c.priority === 'high' && <span class="badge high">{t('high')}</span>}
        {c.escalatedAt && <span class="badge warn">{t('escalated')}</span>}
        {c.unreachable && <span class="badge warn">{t('unreachable')}</span>}
        {c.historical && (
          <span class="badge historical" data-testid="historical" title={t('historicalHint')}>
            {t('historical')}
          </span>
        )}
        <span>
          {t('account')} <code>{c.accountId}</code> · {t('score')} {c.score} · {t('ruleSetVersion', { version: c.ruleSetVersion })}
        </span>
        {resolved && (
          <span data-testid="resolution-reason" title={c.resolutionNote ?? undefined}>
            {t('actResolvedBecause', { reason: reasonLabel(t, c.resolutionReason) })}
            {c.resolutionNote ? ` · ${c.resolutionNote}` : ''}
          </span>
        )}
        {data.pendingResolution && (
          <span class="badge warn" data-testid="awaiting-approval">
            {t('awaitingApproval')}
          </span>
        )}
        {!resolved && (
          <span data-testid="assignee">
            {c.assignee
              ? heldByOther && c.claimedAt
                ? t('heldSince', { name: c.assignee.displayName, time: time(c.claimedAt) })
                : t('heldBy', { name: c.assignee.displayName })
              : t('unassigned')}
          </span>
        )}
      </header>

      {data.pendingResolution && (
        <section class="notice" data-testid="pending-resolution">
          <p>{t('awaitingApprovalCase', { who: data.pendingResolution.requestedBy, amount: yuan(data.amountMinor, locale) })}</p>
          <ApprovalButtons approval={data.pendingResolution} onDone={reload} />
        </section>
      )}

      {resolved && atLeast('supervisor') && (
        <section class="actions" aria-label="actions">
          <form class="inline" onSubmit={submit((f) => act('reopen', { reason: f.get('reason') }))}>
            <input name="reason" placeholder={t('reopenReason')} aria-label={t('reopenReason')} required minLength={3} />
            <button type="submit">{t('reopen')}</button>
          </form>
        </section>
      )}

      {!resolved && (
        <section class="actions" aria-label="actions">
          {!mine && !heldByOther && (
            <button type="button" data-testid="claim" onClick={() => void act('claim')}>
              {t('claim')}
            </button>
          )}
          {c.assigneeId && (mine || atLeast('supervisor')) && (
            <button type="button" onClick={() => void act('release')}>
              {t('release')}
            </button>
          )}
          {mayResolve && (
            <button type="button" data-testid="resolve" onClick={() => setResolving(true)}>
              {t('actResolve')}
            </button>
          )}
          <form class="inline" onSubmit={submit((f) => act('escalate', { reason: f.get('reason') }))}>
            <input name="reason" placeholder={t('escalateReason')} aria-label={t('escalateReason')} required minLength={3} />
            <button type="submit">{t('escalate')}</button>
          </form>
          {atLeast('supervisor') && analysts.data && (
            <form
              class="inline"
              onSubmit={submit((f) =>
                act('assign', { analystId: f.get('analystId'), ...(formText(f, 'assignReason').trim() ? { reason: formText(f, 'assignReason').trim() } : {}) }),
              )}
            >
              <select name="analystId" aria-label={t('assignTo')}>
                {analysts.data.items
                  .filter((a) => !a.disabled)
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.displayName} ({a.username})
                    </option>
                  ))}
              </select>
              <input name="assignReason" maxLength={1000} placeholder={t('assignReason')} aria-label={t('assignReason')} />
              <button type="submit">{t('assign')}</button>
            </form>
          )}
        </section>
      )}
      <ErrorLine error={resolving && mayResolve ? undefined : actionError} />
      {resolving && mayResolve && (
        <ResolveDialog
          title={t('actResolveOne', { ref: c.referenceCode })}
          error={actionError}
          onClose={() => setResolving(false)}
          onResolve={(r) => void act('status', { status: 'resolved', ...r })}
          onResolveAndNext={(r) =>
            void run(async () => {
              await api('POST', `/api/cases/${id}/status`, { status: 'resolved', ...r });
              if (!(await takeNextCase())) navigate('/queue?assigned=me&next=none');
            })
          }
        />
      )}
      {help}

      <div class="columns">
        <div>
          <section>
            <h2>{t('hits')}</h2>
            <ul class="hits">
              {data.hits.map((h) => (
                <li key={h.id} class={`sev-${h.severity}`}>
                  <strong>{h.ruleId}</strong> <span class="badge">{label(h.severity)}</span> +{h.score} · v{h.ruleSetVersion}
                  <p>{h.explanation[locale]}</p>
                  <details>
                    <summary>{t('evidence')}</summary>
                    <dl>
                      {Object.entries(h.evidence).map(([k, v]) => (
                        <>
                          <dt>{k}</dt>
                          <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                        </>
                      ))}
                    </dl>
                  </details>
                </li>
              ))}
            </ul>
          </section>

          <CaseRing caseId={id} accountId={c.accountId} />

          <section>
            <h2>{t('timeline')}</h2>
            {data.timelineTruncated && <p class="muted">{t('timelineCut', { count: data.timeline.length })}</p>}
            <p class="muted small">
              <span data-testid="time-zone">{t('timesIn', { zone })}</span> ·{' '}
              <button type="button" class="link" data-testid="timeline-order" onClick={() => setNewestFirst(!newestFirst)}>
                {newestFirst ? t('oldestFirst') : t('newestFirst')}
              </button>
            </p>
            <table class="timeline">
              <tbody>
                {(newestFirst ? [...data.timeline].reverse() : data.timeline).map((e) => (
                  <tr key={e.id} class={e.flagged ? 'flagged' : ''}>
                    <td>{time(e.occurredAt)}</td>
                    <td>
                      <code>{label(e.type)}</code>
                      {e.flagged && <span class="badge high">{t('flagged')}</span>}
                    </td>
                    <td>{[e.channel, e.device?.id, e.device?.ip].filter(Boolean).join(' · ')}</td>
                    <td class="payload">{eventDetails(e.payload, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <CaseAudit entries={data.audit} names={data.auditNames} />
        </div>

        <div>
          <section>
            <h2>{t('borrowerAnswer')}</h2>
            {data.answers.length === 0 ? (
              <p class="muted">{t('noAnswer')}</p>
            ) : (
              <ul>
                {data.answers.map((a) => (
                  <li key={a.answeredAt}>
                    <strong>{a.answer === 'me' ? t('me_answer') : a.answer === 'not_me' ? t('not_me') : a.answer}</strong> · {a.via} · {time(a.answeredAt)}
                    {a.outcome !== 'applied' && (
                      <span class="badge warn" data-testid="answer-outcome">
                        {t(`answer_${a.outcome}`)}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section>
            <h2>{t('alerts')}</h2>
            {data.alerts.length === 0 && <p class="muted">{t('noAlerts')}</p>}
            <ul class="alerts">
              {data.alerts.map((a) => (
                <li key={a.id}>
                  <strong>{a.channel}</strong> {a.template} → {a.recipient ?? '—'} · <span class={`badge a-${a.status}`}>{label(a.status)}</span>
                  {a.providerStatus && ` · ${a.providerStatus}`}
                  {a.lastError && <p class="error">{a.lastError}</p>}
                  <ol class="attempts">
                    {a.attempts.map((at) => (
                      <li key={at.attempt}>
                        #{at.attempt} {time(at.at)} {label(at.status)}
                        {at.error ? ` — ${at.error}` : ''}
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ul>
          </section>

          <section>
            <h2>{t('contacts')}</h2>
            <ul>
              {data.contacts.map((contact) => (
                <li key={contact.kind}>
                  {contact.kind}: <code data-testid={`contact-${contact.kind}`}>{revealed[contact.kind] ?? contact.masked}</code>{' '}
                  {atLeast('supervisor') && !revealed[contact.kind] && (
                    <button type="button" class="link" data-testid={`reveal-${contact.kind}`} onClick={() => void reveal(contact.kind)}>
                      {t('reveal')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>

          <CaseNotes caseId={id} notes={data.notes} analysts={analysts.data?.items ?? []} onAdded={() => void reload()} />
          <CaseSnoozes caseId={id} accountId={c.accountId} ruleIds={[...new Set(data.hits.map((h) => h.ruleId))]} snoozes={data.snoozes} onChanged={() => void reload()} />
        </div>
      </div>
    </article>
  );
}
