import { api } from '../../api';
import type { ApiSchema } from '../../api-types';
import { ErrorLine } from '../../components/error-line';
import { useAction } from '../../components/use-action';
import { useApi } from '../../components/use-api';
import { useT } from '../../i18n';
import { formText } from '../../components/form-text';

/** The analyst's own saved filters: one click applies one, the current filters can be saved under a name. */
export function SavedFilters({ current }: { current: string }) {
  const { t } = useT();
  const { data, reload } = useApi<ApiSchema<'SavedFilterList'>>('/api/saved-filters');
  const { error, run } = useAction(reload);
  const save = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    void run(async () => {
      await api('POST', '/api/saved-filters', { name: formText(new FormData(form), 'name'), query: current });
      form.reset();
    });
  };
  return (
    <section class="saved-filters" aria-label={t('actSavedFilters')} data-testid="saved-filters">
      <strong>{t('actSavedFilters')}:</strong>
      {data?.items.length === 0 && <span class="muted">{t('actNoSavedFilters')}</span>}
      {data?.items.map((f) => (
        <span key={f.id} class={`chip${f.query === current ? ' active' : ''}`}>
          <a href={`#/queue${f.query ? `?${f.query}` : ''}`}>{f.name}</a>
          <button type="button" class="link" aria-label={t('actDeleteFilter', { name: f.name })} onClick={() => void run(() => api('DELETE', `/api/saved-filters/${f.id}`))}>
            ×
          </button>
        </span>
      ))}
      <form class="inline" onSubmit={save}>
        <input name="name" required maxLength={80} placeholder={t('actFilterName')} aria-label={t('actFilterName')} size={14} />
        <button type="submit">{t('actSaveFilter')}</button>
      </form>
      <ErrorLine error={error} />
    </section>
  );
}
