import type { ApiSchema } from '../api-types';
import { ErrorLine } from '../components/error-line';
import { TableHead } from '../components/table-head';
import { useApi } from '../components/use-api';
import { useT } from '../i18n';
import { useCaseChanges } from '../live';
import { useSession } from '../session';

/** Minutes as "95 min" or "2 h 5 min". */
function useOverText() {
  const { t } = useT();
  return (minutes: number) => (minutes < 60 ? t('slaMinutes', { count: minutes }) : t('slaHoursMinutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 }));
}

/** Supervisors' view of the cases past CASE_SLA_MINUTES: how long over, who holds them, whether the SLA pass escalated them. */
export function SlaPage() {
  const { atLeast } = useSession();
  const { t } = useT();
  // An analyst is told, not shown an empty table: the API refuses them the list.
  if (!atLeast('supervisor'))
    return (
      <p class="muted" data-testid="sla-refused">
        {t('slaSupervisorsOnly')}
      </p>
    );
  return <SlaBreaches />;
}

function SlaBreaches() {
  const { t, time } = useT();
  const over = useOverText();
  const breaches = useApi<ApiSchema<'SlaBreachList'>>('/api/sla/breaches', { fresh: true });
  // A case escalated, claimed or resolved elsewhere changes the list: read it again.
  useCaseChanges(() => void breaches.reload());
  const data = breaches.data;
  return (
    <section class="sla">
      <h1>{t('slaTitle')}</h1>
      {data && <p class="muted">{t('slaHint', { target: data.slaMinutes })}</p>}
      <ErrorLine error={breaches.error} />
      {data && (
        <p data-testid="sla-total">
          <span class="badge high">{t('slaCount', { count: data.total })}</span>
        </p>
      )}
      {data?.items.length === 0 && <p class="muted">{t('slaNone')}</p>}
      {!!data?.items.length && (
        <table data-testid="sla-breaches">
          <TableHead labels={[t('slaCase'), t('slaOpened'), t('slaOver'), t('slaAssignee'), t('slaEscalation')]} />
          <tbody>
            {data.items.map((c) => (
              <tr key={c.id} data-case={c.id}>
                <td>
                  <a href={`#/cases/${c.id}`}>{c.referenceCode}</a>
                </td>
                <td>{time(c.openedAt)}</td>
                <td data-testid="sla-over">{over(c.overMinutes)}</td>
                <td data-testid="sla-assignee">{c.assignee?.displayName ?? t('slaNobody')}</td>
                <td data-testid="sla-escalation">
                  {c.escalatedBySla ? (
                    <span class="badge high">{t('slaEscalatedBySla')}</span>
                  ) : c.escalatedAt ? (
                    <span class="badge warn">{t('slaEscalatedByPerson')}</span>
                  ) : (
                    <span class="muted">{t('slaNotEscalated')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
