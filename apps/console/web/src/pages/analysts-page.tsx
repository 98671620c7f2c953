import { api } from '../api';
import { ErrorLine } from '../components/error-line';
import { useAction } from '../components/use-action';
import { useApi } from '../components/use-api';
import { formText } from '../components/form-text';
import { useT } from '../i18n';
import { TableHead } from '../components/table-head';
import { useSession } from '../session';
import type { ApiSchema } from '../api-types';

/** Admins create accounts, change roles and disable them; anyone else who opens the page reads the list. */
export function AnalystsPage() {
  const { t } = useT();
  const { atLeast } = useSession();
  const admin = atLeast('admin');
  const { data, reload } = useApi<ApiSchema<'AnalystList'>>('/api/analysts');
  const { error, run } = useAction(reload);
  const create = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    void run(async () => {
      const team = formText(f, 'team').trim();
      await api('POST', '/api/analysts', {
        username: f.get('username'),
        displayName: f.get('displayName'),
        role: f.get('role'),
        password: f.get('password'),
        ...(team ? { team } : {}),
      });
      form.reset();
    });
  };
  return (
    <section>
      <h1>{t('analysts')}</h1>
      {!admin && (
        <p class="muted" data-testid="read-only">
          {t('analystsReadOnly')}
        </p>
      )}
      <table>
        <TableHead labels={admin ? [t('username'), t('displayName'), t('role'), t('team'), ''] : [t('username'), t('displayName'), t('role'), t('team')]} />
        <tbody>
          {data?.items.map((a) => (
            <tr key={a.id} class={a.disabled ? 'muted' : ''}>
              <td>{a.username}</td>
              <td>{a.displayName}</td>
              {!admin && <td data-testid="role">{a.role}</td>}
              {!admin && <td data-testid="team">{a.team ?? <span class="muted">{t('teamNone')}</span>}</td>}
              {admin && (
                <>
                  <td>
                    <select value={a.role} onChange={(e) => void run(() => api('PATCH', `/api/analysts/${a.id}`, { role: e.currentTarget.value }))}>
                      {['analyst', 'supervisor', 'admin'].map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {/* A team is a name: typed and left, it applies; emptied, the analyst leaves their team. */}
                    <input
                      // Uncontrolled, so a list reloading after another row's change leaves what is being typed here alone.
                      key={`${a.id}:${a.team ?? ''}`}
                      name={`team-${a.username}`}
                      size={10}
                      defaultValue={a.team ?? ''}
                      placeholder={t('teamNone')}
                      aria-label={`${a.username} ${t('team')}`}
                      title={t('teamHint')}
                      onChange={(e) => void run(() => api('PATCH', `/api/analysts/${a.id}`, { team: e.currentTarget.value.trim() || null }))}
                    />
                  </td>
                  <td>
                    <button type="button" class="link" onClick={() => void run(() => api('PATCH', `/api/analysts/${a.id}`, { disabled: !a.disabled }))}>
                      {a.disabled ? t('enable') : t('disable')}
                    </button>
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {admin && <h2>{t('newAnalyst')}</h2>}
      {admin && (
        <form class="inline" onSubmit={create}>
          <input name="username" required placeholder={t('username')} aria-label={t('username')} />
          <input name="displayName" required placeholder={t('displayName')} aria-label={t('displayName')} />
          <select name="role" aria-label={t('role')}>
            {['analyst', 'supervisor', 'admin'].map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <input name="team" placeholder={t('team')} aria-label={t('team')} title={t('teamHint')} size={10} />
          <input name="password" type="password" required minLength={12} autocomplete="new-password" placeholder={t('password')} aria-label={t('password')} />
          <button type="submit">{t('create')}</button>
        </form>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
