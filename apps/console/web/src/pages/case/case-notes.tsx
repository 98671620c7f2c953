import { api } from '../../api';
import { ErrorLine } from '../../components/error-line';
import { formText } from '../../components/form-text';
import { useAction } from '../../components/use-action';
import { useT } from '../../i18n';
import type { CaseDetail } from './case-detail';

export function CaseNotes({ caseId, notes, onAdded }: { caseId: string; notes: CaseDetail['notes']; onAdded: () => void }) {
  const { t, time } = useT();
  const { error, run } = useAction(onAdded);
  const add = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    void run(async () => {
      await api('POST', `/api/cases/${caseId}/notes`, { body: formText(new FormData(form), 'body') });
      form.reset();
    });
  };
  return (
    <section>
      <h2>{t('notes')}</h2>
      {notes.length === 0 && <p class="muted">{t('noNotes')}</p>}
      <ul class="notes">
        {notes.map((n) => (
          <li key={n.id}>
            <p>{n.body}</p>
            <small>
              {n.author} · {time(n.createdAt)}
            </small>
          </li>
        ))}
      </ul>
      <form onSubmit={add}>
        <textarea name="body" rows={3} required maxLength={4000} placeholder={t('notePlaceholder')} aria-label={t('addNote')} />
        <ErrorLine error={error} />
        <button type="submit">{t('addNote')}</button>
      </form>
    </section>
  );
}
