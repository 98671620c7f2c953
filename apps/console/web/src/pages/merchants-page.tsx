import { useApi } from '../components/use-api';
import { ErrorLine } from '../components/error-line';
import { useT } from '../i18n';
import { TableHead } from '../components/table-head';
import type { ApiSchema } from '../api-types';

type MerchantDetail = ApiSchema<'MerchantDetail'>;

export function MerchantsPage({ selected }: { selected?: string }) {
  const { t, time, label, locale } = useT();
  const list = useApi<ApiSchema<'MerchantList'>>('/api/merchants');
  const detail = useApi<MerchantDetail>(selected ? `/api/merchants/${encodeURIComponent(selected)}` : null);
  return (
    <section class="columns">
      <div>
        <h1>{t('merchants')}</h1>
        <ErrorLine error={list.error} />
        {list.data?.items.length === 0 && <p class="muted">{t('noMerchants')}</p>}
        <table>
          <TableHead labels={[t('merchant'), t('accounts'), t('flags'), t('notMeCount'), t('updated')]} />
          <tbody>
            {list.data?.items.map((m) => (
              <tr key={m.merchantId} class={m.merchantId === selected ? 'selected' : ''}>
                <td>
                  <a href={`#/merchants?id=${encodeURIComponent(m.merchantId)}`}>{m.merchantId}</a>
                  <div class="muted small">{m.explanation[locale]}</div>
                </td>
                <td class="num">{m.accounts.length}</td>
                <td class="num">{m.flags}</td>
                <td class="num">{m.notMe}</td>
                <td>{time(m.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && (
        <div>
          <h2>{selected}</h2>
          <ErrorLine error={detail.error} />
          <table>
            <tbody>
              {detail.data?.accounts.map((a) => (
                <tr key={a.accountId}>
                  <td>
                    <code>{a.accountId}</code>
                  </td>
                  <td>{a.reasons.map((r) => (r === 'not_me' ? t('not_me') : t('flagged'))).join(', ')}</td>
                  <td>
                    {a.caseId ? (
                      <a href={`#/cases/${a.caseId}`}>
                        {label(a.caseStatus)}
                        {a.caseResolution ? ` · ${label(a.caseResolution)}` : ''}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{time(a.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
