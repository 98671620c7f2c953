import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { navigate } from '../router';

// The term travels in memory, not in the URL: a phone number or email searched for stays out of
// the address bar, the history and the server's access log.
let pending: string | undefined;
export const takeSearchTerm = () => pending;

/** The top bar's one box: a reference code, an account id or its prefix, a phone number or an email. */
export function SearchBox() {
  const { t } = useT();
  const [term, setTerm] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    pending = term;
    // A new search on the results page is a new route visit, so the page runs it.
    navigate(`/search?n=${Date.now().toString(36)}`);
  };
  return (
    <form class="search-box" role="search" onSubmit={submit}>
      <input
        type="search"
        name="q"
        value={term}
        onInput={(e) => setTerm(e.currentTarget.value)}
        placeholder={t('searchPlaceholder')}
        aria-label={t('searchPlaceholder')}
        autocomplete="off"
      />
      <button type="submit">{t('search')}</button>
    </form>
  );
}
