import { api } from '../../api';
import type { ApiSchema } from '../../api-types';
import { ErrorLine } from '../../components/error-line';
import { useAction } from '../../components/use-action';
import { useApi } from '../../components/use-api';
import { useT } from '../../i18n';
import { formText } from '../../components/form-text';

type SavedFilter = ApiSchema<'SavedFilter'>;

/**
 * The analyst's saved filters, then those teammates share with the team: one click applies one.
 * The current filters can be saved under a name, for oneself or for the team; only one's own are
 * shared, made private again or deleted here.
 */
export function SavedFilters({ current }: { current: string }) {
  const { t } = useT();
  const { data, reload } = useApi<ApiSchema<'SavedFilterList'>>('/api/saved-filters');
  const { error, run } = useAction(reload);
  const save = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const fields = new FormData(form);
    void run(async () => {
      await api('POST', '/api/saved-filters', { name: formText(fields, 'name'), query: current, visibility: fields.get('visibility') });
      form.reset();
    });
  };
  const share = (f: SavedFilter) => api('PATCH', `/api/saved-filters/${f.id}`, { visibility: f.visibility === 'team' ? 'private' : 'team' });
  return (
    <section class="saved-filters" aria-label={t('actSavedFilters')} data-testid="saved-filters">
      <strong>{t('actSavedFilters')}:</strong>
      {data?.items.length === 0 && <span class="muted">{t('actNoSavedFilters')}</span>}
      {data?.items.map((f) => (
        <span
          key={f.id}
          class={`chip${f.query === current ? ' active' : ''}${f.mine ? '' : ' theirs'}`}
          data-filter={f.id}
          data-visibility={f.visibility}
          title={f.mine ? undefined : t('filterSharedBy', { name: f.owner.displayName })}
        >
          <a href={`#/queue${f.query ? `?${f.query}` : ''}`}>{f.name}</a>
          {f.mine ? (
            <>
              <button
                type="button"
                class={`link share${f.visibility === 'team' ? ' on' : ''}`}
                data-testid="filter-share"
                aria-pressed={f.visibility === 'team'}
                aria-label={t(f.visibility === 'team' ? 'filterUnshare' : 'filterShare', { name: f.name })}
                title={t(f.visibility === 'team' ? 'filterUnshare' : 'filterShare', { name: f.name })}
                onClick={() => void run(() => share(f))}
              >
                {t(f.visibility === 'team' ? 'visibility_team' : 'visibility_private')}
              </button>
              <button type="button" class="link" aria-label={t('actDeleteFilter', { name: f.name })} onClick={() => void run(() => api('DELETE', `/api/saved-filters/${f.id}`))}>
                ×
              </button>
            </>
          ) : (
            <small class="muted" data-testid="filter-owner">
              {t('filterOwner', { name: f.owner.displayName })}
            </small>
          )}
        </span>
      ))}
      <form class="inline" onSubmit={save}>
        <input name="name" required maxLength={80} placeholder={t('actFilterName')} aria-label={t('actFilterName')} size={14} />
        <select name="visibility" aria-label={t('filterVisibility')}>
          <option value="private">{t('visibility_private')}</option>
          <option value="team">{t('visibility_team')}</option>
        </select>
        <button type="submit">{t('actSaveFilter')}</button>
      </form>
      <ErrorLine error={error} />
    </section>
  );
}
