import { api } from '../../api';
import { ErrorLine } from '../../components/error-line';
import { formText } from '../../components/form-text';
import { useAction } from '../../components/use-action';
import { useT } from '../../i18n';
import type { CaseDetail } from './case-detail';

interface Props {
  caseId: string;
  accountId: string;
  ruleIds: string[];
  snoozes: CaseDetail['snoozes'];
  onChanged: () => void;
}

export function CaseSnoozes({ caseId, accountId, ruleIds, snoozes, onChanged }: Props) {
  const { t, time } = useT();
  const { error, run } = useAction(onChanged);
  const add = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const until = new Date(`${formText(form, 'until')}T23:59:59`).toISOString();
    void run(() => api('POST', `/api/accounts/${encodeURIComponent(accountId)}/snoozes`, { ruleId: form.get('ruleId'), until, reason: form.get('reason'), caseId }));
  };
  return (
    <section>
      <h2>{t('snoozes')}</h2>
      {snoozes.length === 0 && <p class="muted">{t('noSnoozes')}</p>}
      <ul>
        {snoozes.map((s) => (
          <li key={s.id}>
            <code>{s.ruleId}</code> → {time(s.until)} · {s.reason} · {s.createdBy}{' '}
            <button type="button" class="link" onClick={() => void run(() => api('DELETE', `/api/snoozes/${s.id}`))}>
              {t('lift')}
            </button>
          </li>
        ))}
      </ul>
      {ruleIds.length > 0 && (
        <form class="inline" onSubmit={add}>
          <select name="ruleId" aria-label={t('rule')}>
            {ruleIds.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <input name="until" type="date" required aria-label={t('snoozeUntil')} />
          <input name="reason" required minLength={3} placeholder={t('snoozeReason')} aria-label={t('snoozeReason')} />
          <button type="submit">{t('snooze')}</button>
        </form>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
