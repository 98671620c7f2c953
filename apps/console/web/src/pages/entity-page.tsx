import type { ApiSchema } from '../api-types';
import { TableHead } from '../components/table-head';
import { ErrorLine } from '../components/error-line';
import { useApi } from '../components/use-api';
import { type MessageKey, useT } from '../i18n';

type Linked = ApiSchema<'LinkedAccounts'>;

export const entityHref = (kind: string, value: string) => `#/entities/${kind}/${encodeURIComponent(value)}`;

/** A pivot: every account a device, IP, card fingerprint or merchant ties together, and their cases. */
export function EntityPage({ kind, value }: { kind: string; value: string }) {
  const { t, time, label } = useT();
  const { data, error } = useApi<Linked>(`/api/entities/${encodeURIComponent(kind)}/${encodeURIComponent(value)}`);
  if (error) return <ErrorLine error={error} />;
  if (!data) return <p>{t('loading')}</p>;
  return (
    <section class="entity">
      <h1 data-testid="entity-title">
        {t(`entity_${data.entity.kind}` as MessageKey)} <code>{data.entity.masked}</code>
      </h1>
      <p class="muted" data-testid="entity-count">
        {t('entityAccounts', { count: data.accounts.length })}
      </p>
      {data.accountsTruncated && <p class="badge warn">{t('entityTruncated', { count: data.accounts.length })}</p>}
      <table class="queue" data-testid="entity-accounts">
        <TableHead labels={[t('account'), t('events'), t('lastSeen'), t('reference'), t('status')]} />
        <tbody>
          {data.accounts.map((a) => {
            const cases = data.cases.filter((c) => c.accountId === a.accountId);
            return (
              <tr key={a.accountId} data-account={a.accountId}>
                <td>
                  <code>{a.accountId}</code>
                </td>
                <td>
                  {a.events} · {a.eventTypes.map((e) => label(e)).join(', ')}
                </td>
                <td>{time(a.lastAt)}</td>
                <td>
                  {cases.length === 0
                    ? '—'
                    : cases.map((c) => (
                        <a key={c.id} href={`#/cases/${c.id}`} class="ref">
                          {c.referenceCode}
                        </a>
                      ))}
                </td>
                <td>
                  {cases.map((c) => (
                    <span key={c.id} class={`badge s-${c.status}`}>
                      {label(c.status)}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
