import { useState } from 'preact/hooks';
import { api } from '../api';
import type { ApiSchema } from '../api-types';
import { ErrorLine } from '../components/error-line';
import { type Resolution, ResolveDialog } from '../components/resolve-dialog';
import { RingGraph, type Ring } from '../components/ring-graph';
import { TableHead } from '../components/table-head';
import { useAction } from '../components/use-action';
import { useApi } from '../components/use-api';
import { useT } from '../i18n';

type RingGroup = ApiSchema<'RingGroup'>;
type BulkOutcome = ApiSchema<'BulkOutcome'>;

/**
 * A ring as one investigation: every case in it, the ring's graph around the case it was opened
 * from, and one decision that resolves each open case, each answering for itself.
 */
export function RingGroupPage({ id }: { id: string }) {
  const { t, label } = useT();
  const group = useApi<RingGroup>(`/api/ring-groups/${id}`);
  const anchor = group.data?.anchorCaseId;
  const ring = useApi<Ring>(anchor ? `/api/cases/${anchor}/ring?hops=2` : null);
  const [deciding, setDeciding] = useState(false);
  const [outcome, setOutcome] = useState<BulkOutcome>();
  const { error, run } = useAction(() => Promise.all([group.reload(), ring.reload()]));
  if (group.error) return <ErrorLine error={group.error} />;
  if (!group.data) return <p>{t('loading')}</p>;
  const { cases } = group.data;
  const open = cases.filter((c) => c.status !== 'resolved').length;
  const decide = (r: Resolution) =>
    void run(async () => {
      setOutcome(await api<BulkOutcome>('POST', `/api/ring-groups/${id}/decision`, r));
      setDeciding(false);
    });
  return (
    <section class="ring-group">
      <h1 data-testid="ring-group-title">{t('ringGroupTitle', { count: cases.length })}</h1>
      <p class="muted">{t('ringGroupHint')}</p>
      <table class="ring-group-cases" data-testid="ring-group-cases">
        <TableHead labels={[t('ringGroupCase'), t('account'), t('status'), t('actOutcome'), t('assignee')]} />
        <tbody>
          {cases.map((c) => (
            <tr key={c.id} data-case={c.id}>
              <td>
                <a href={`#/cases/${c.id}`}>{c.referenceCode}</a>
                {c.id === anchor && <small class="muted"> · {t('ringGroupAnchor')}</small>}
              </td>
              <td>
                <code>{c.accountId}</code>
              </td>
              <td>
                <span class={`badge s-${c.status}`}>{label(c.status)}</span>
              </td>
              <td data-testid="ring-case-outcome">{c.resolution ? label(c.resolution) : '—'}</td>
              <td>{c.assignee?.displayName ?? t('unassigned')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {open > 0 ? (
          <button type="button" data-testid="ring-decide" onClick={() => setDeciding(true)}>
            {t('ringGroupDecide', { count: open })}
          </button>
        ) : (
          <span class="muted" data-testid="ring-decided">
            {t('ringGroupAllDecided')}
          </span>
        )}
      </p>
      <ErrorLine error={deciding ? undefined : error} />
      {outcome && (
        <ul class="ring-decision" data-testid="ring-decision">
          {outcome.results.map((r) => (
            <li key={r.id} data-case={r.id} class={r.ok ? 'ok' : 'error'}>
              {r.referenceCode}: {r.ok ? label(r.status ?? '') : r.message}
            </li>
          ))}
        </ul>
      )}
      {deciding && <ResolveDialog title={t('ringGroupDecide', { count: open })} error={error} onClose={() => setDeciding(false)} onResolve={decide} />}
      <h2>{t('ring')}</h2>
      {ring.data && <RingGraph ring={ring.data} />}
    </section>
  );
}
