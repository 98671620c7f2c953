import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorLine } from '../components/error-line';
import { formText } from '../components/form-text';
import { LocaleSwitch } from '../components/locale-switch';
import { apiErrorText, useT } from '../i18n';
import type { Analyst } from '../session';
import type { ApiSchema } from '../api-types';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (analyst: Analyst, csrfToken: string) => void }) {
  const { t, locale } = useT();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // Throttled: when the next attempt is taken, in seconds and as a time of day.
  const refusal = (err: ApiError) => {
    const seconds = err.body.retryAfterSeconds;
    if (err.code !== 'TOO_MANY_ATTEMPTS' || typeof seconds !== 'number') return apiErrorText(err.code, err.message, locale);
    const at = new Date(Date.now() + seconds * 1000).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return t('loginThrottled', { seconds, time: at });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      const { analyst, csrfToken } = await api<ApiSchema<'Session'>>('POST', '/api/session', {
        username: formText(form, 'username'),
        password: formText(form, 'password'),
      });
      onLoggedIn(analyst, csrfToken);
    } catch (err) {
      setError(err instanceof ApiError ? refusal(err) : t('loginFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="card" onSubmit={(e) => void submit(e)}>
        <h1>{t('appName')}</h1>
        <label>
          {t('username')}
          <input name="username" autocomplete="username" required autofocus />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <ErrorLine error={error} />
        <button type="submit" disabled={busy}>
          {t('login')}
        </button>
        <LocaleSwitch />
      </form>
    </main>
  );
}
