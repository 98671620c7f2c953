import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken, whenLoggedOut } from './api';
import { initialLocale, type Locale, LocaleContext } from './i18n';
import { Layout } from './components/layout';
import { LoginPage } from './pages/login-page';
import { type Analyst, SessionContext } from './session';
import './styles.css';
import type { ApiSchema } from './api-types';

function App() {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [me, setMe] = useState<Analyst | null | undefined>(undefined);
  const setLocale = (next: Locale) => {
    localStorage.setItem('sentinel.locale', next);
    document.documentElement.lang = next;
    setLocaleState(next);
  };

  useEffect(() => {
    document.documentElement.lang = locale;
    whenLoggedOut(() => setMe(null));
    api<ApiSchema<'Session'>>('GET', '/api/session')
      .then(({ analyst, csrfToken }) => {
        setCsrfToken(csrfToken);
        setMe(analyst);
      })
      .catch(() => setMe(null));
  }, []);

  const loggedIn = (analyst: Analyst, csrfToken: string) => {
    setCsrfToken(csrfToken);
    setMe(analyst);
  };
  const loggedOut = async () => {
    await api('DELETE', '/api/session').catch(() => undefined);
    setCsrfToken(undefined);
    setMe(null);
  };

  return (
    <LocaleContext.Provider value={{ locale, setLocale }}>
      {me === undefined ? null : me === null ? (
        <LoginPage onLoggedIn={loggedIn} />
      ) : (
        <SessionContext.Provider value={me}>
          <Layout onLogout={() => void loggedOut()} />
        </SessionContext.Provider>
      )}
    </LocaleContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
