import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { ErrorLine } from '../../components/error-line';
import { type Resolution, ResolveDialog } from '../../components/resolve-dialog';
import { useApi } from '../../components/use-api';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import type { ApiSchema } from '../../api-types';
import { formText } from '../../components/form-text';

export type BulkOutcome = ApiSchema<'BulkOutcome'>;

/** What to do with the ticked cases: one action, one reason, one request; each case answers for itself. */
export function BulkBar({ selected, onDone, onClear }: { selected: string[]; onDone: (outcome: BulkOutcome) => void; onClear: () => void }) {
  const { t } = useT();
  const { me, atLeast } = useSession();
  const analysts = useApi<ApiSchema<'AnalystList'>>(atLeast('supervisor') ? '/api/analysts' : null);
  const [action, setAction] = useState('escalate');
  const [resolving, setResolving] = useState(false);
  const [error, setError] = useState<ApiError | string>();

  const send = async (body: Record<string, unknown>) => {
    try {
      const outcome = await api<BulkOutcome>('POST', '/api/cases/bulk', { ...body, caseIds: selected });
      setError(undefined);
      setResolving(false);
      onDone(outcome);
    } catch (err) {
      setError(err instanceof ApiError ? err : String(err));
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (action === 'resolve') return setResolving(true);
    const reason = formText(new FormData(e.currentTarget as HTMLFormElement), 'reason');
    void send(action === 'escalate' ? { action, reason } : { action: 'assign', analystId: action.slice('assign:'.length), reason });
  };
  const targets = atLeast('supervisor') ? (analysts.data?.items.filter((a) => !a.disabled && a.id !== me.id) ?? []) : [];

  return (
    <>
      <form class="bulk" aria-label={t('actAction')} onSubmit={submit} data-testid="bulk-bar">
        <strong data-testid="selected-count">{t('actSelected', { count: selected.length })}</strong>
        <label>
          {t('actAction')}
          <select name="action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
            <option value="escalate">{t('actEscalate')}</option>
            <option value={`assign:${me.id}`}>{t('actAssignMe')}</option>
            {targets.map((a) => (
              <option key={a.id} value={`assign:${a.id}`}>
                {t('actAssignTo', { name: a.displayName })}
              </option>
            ))}
            <option value="resolve">{t('actResolve')}</option>
          </select>
        </label>
        {action !== 'resolve' && (
          <label>
            {t('actReason')}
            <input name="reason" required minLength={3} maxLength={1000} />
          </label>
        )}
        <button type="submit">{t('actApply')}</button>
        <button type="button" class="link" onClick={onClear}>
          {t('actClearSelection')}
        </button>
        <ErrorLine error={resolving ? undefined : error} />
      </form>
      {resolving && (
        <ResolveDialog
          title={t('actResolveMany', { count: selected.length })}
          error={error}
          onClose={() => setResolving(false)}
          onResolve={(r: Resolution) => void send({ action: 'resolve', ...r })}
        />
      )}
    </>
  );
}
