import { api } from '../../api';
import type { ApiSchema } from '../../api-types';
import { ErrorLine } from '../../components/error-line';
import { useAction } from '../../components/use-action';
import { useApi } from '../../components/use-api';
import { useT } from '../../i18n';
import { navigate } from '../../router';

/** The ring investigation the case is part of, or the button that opens one for its ring. */
export function CaseRingGroup({ caseId }: { caseId: string }) {
  const { t } = useT();
  const { data } = useApi<ApiSchema<'CaseRingGroup'>>(`/api/cases/${caseId}/ring-group`);
  const { error, run } = useAction();
  if (!data) return null;
  const open = () =>
    void run(async () => {
      const group = await api<ApiSchema<'RingGroup'>>('POST', `/api/cases/${caseId}/ring-group`);
      navigate(`/rings/${group.id}`);
    });
  return (
    <p class="ring-group-link">
      {data.group ? (
        <a href={`#/rings/${data.group.id}`} data-testid="ring-group-link">
          {t('ringGroupPartOf', { count: data.group.cases.length })}
        </a>
      ) : (
        <button type="button" data-testid="ring-group-open" onClick={open}>
          {t('ringGroupOpen')}
        </button>
      )}
      <ErrorLine error={error} />
    </p>
  );
}
