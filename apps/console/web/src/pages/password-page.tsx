import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorLine } from '../components/error-line';
import { useAction } from '../components/use-action';
import { useT } from '../i18n';

/** An analyst changes their own password; every other session of the account ends. */
export function PasswordPage() {
  const { t } = useT();
  const [done, setDone] = useState(false);
  const { error, run } = useAction(() => undefined);
  const change = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    setDone(false);
    void run(async () => {
      await api('POST', '/api/session/password', { currentPassword: f.get('currentPassword'), newPassword: f.get('newPassword') });
      form.reset();
      setDone(true);
    });
  };
  return (
    <section>
      <h1>{t('changePassword')}</h1>
      <form class="card" onSubmit={change}>
        <label>
          {t('currentPassword')}
          <input name="currentPassword" type="password" autocomplete="current-password" required />
        </label>
        <label>
          {t('newPassword')}
          <input name="newPassword" type="password" autocomplete="new-password" required minLength={12} />
        </label>
        <button type="submit">{t('changePassword')}</button>
      </form>
      {done && <p data-testid="password-changed">{t('passwordChanged')}</p>}
      <ErrorLine error={error} />
    </section>
  );
}
