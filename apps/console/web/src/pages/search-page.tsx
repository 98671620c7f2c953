import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import type { ApiSchema } from '../api-types';
import { ErrorLine } from '../components/error-line';
import { takeSearchTerm } from '../components/search-box';
import { TableHead } from '../components/table-head';
import { type MessageKey, useT } from '../i18n';

type Found = ApiSchema<'SearchResults'>;

const matched = (how: string, t: (key: MessageKey) => string) =>
  how
    .split(',')
    .map((k) => t(`match_${k}` as MessageKey))
    .join(', ');

/** Search results; the one case a term names exactly opens at once. */
export function SearchPage({ run }: { run: string }) {
  const { t, time, label } = useT();
  const [found, setFound] = useState<Found>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    const term = takeSearchTerm();
    if (term === undefined) return;
    setFound(undefined);
    api<Found>('POST', '/api/search', { q: term }).then(
      (result) => {
        setError(undefined);
        // Replaced, not pushed: Back from the case returns to where the search was made.
        if (result.exact) location.replace(`#/cases/${result.exact}`);
        else setFound(result);
      },
      (err: ApiError) => setError(err),
    );
  }, [run]);

  if (error) return <ErrorLine error={error} />;
  if (!found) return takeSearchTerm() === undefined ? <p class="muted">{t('searchHint')}</p> : <p>{t('loading')}</p>;
  return (
    <section class="search-results">
      <h1 data-testid="search-title">{t('searchResults', { term: found.term })}</h1>
      <p class="muted small">{t('searchedAs', { kinds: matched(found.kinds.join(','), t) })}</p>
      {found.truncated && <p class="badge warn">{t('searchTruncated', { count: found.accounts.length })}</p>}
      {found.accounts.length === 0 ? (
        <p class="empty" data-testid="search-empty">
          {t('searchNothing')}
        </p>
      ) : (
        <>
          <h2>{t('searchAccounts')}</h2>
          <ul class="found-accounts" data-testid="search-accounts">
            {found.accounts.map((a) => (
              <li key={a.accountId}>
                <code>{a.accountId}</code> · {matched(a.matchedBy, t)} · {t('casesFound', { count: a.cases })}
                {a.openCase && (
                  <>
                    {' '}
                    · <a href={`#/cases/${a.openCase.id}`}>{a.openCase.referenceCode}</a> <span class={`badge s-${a.openCase.status}`}>{label(a.openCase.status)}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
          <h2>{t('searchCases')}</h2>
          <table class="queue" data-testid="search-cases">
            <TableHead labels={[t('reference'), t('account'), t('status'), t('decision'), t('score'), t('matchedBy'), t('opened')]} />
            <tbody>
              {found.cases.map((c) => (
                <tr key={c.id} data-case={c.id}>
                  <td>
                    <a href={`#/cases/${c.id}`}>{c.referenceCode}</a>
                  </td>
                  <td>{c.accountId}</td>
                  <td>
                    <span class={`badge s-${c.status}`}>{label(c.status)}</span>
                  </td>
                  <td>
                    <span class={`badge d-${c.decision}`}>{label(c.decision)}</span>
                  </td>
                  <td class="num">{c.score}</td>
                  <td>{matched(c.matchedBy, t)}</td>
                  <td>{time(c.openedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
