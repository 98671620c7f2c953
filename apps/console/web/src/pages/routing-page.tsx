import { useState } from 'preact/hooks';
import { api } from '../api';
import type { ApiSchema } from '../api-types';
import { ErrorLine } from '../components/error-line';
import { TableHead } from '../components/table-head';
import { useAction } from '../components/use-action';
import { useApi } from '../components/use-api';
import { type MessageKey, useT } from '../i18n';
import { useSession } from '../session';

type Kind = ApiSchema<'RoutingRule'>['kind'];
const KINDS: Kind[] = ['rule', 'merchant', 'language', 'band'];
const LANGUAGES = ['zh-CN', 'en'];

/**
 * Assignment rules: which analyst "Next case" keeps the cases of a rule, merchant, borrower
 * language or score band for. Supervisors change them; analysts read them.
 */
export function RoutingPage() {
  const { t } = useT();
  const { atLeast } = useSession();
  const rules = useApi<ApiSchema<'RoutingRuleList'>>('/api/routing-rules');
  const analysts = useApi<ApiSchema<'AnalystList'>>('/api/analysts');
  const catalog = useApi<ApiSchema<'RuleCatalog'>>('/api/rules/catalog');
  const { error, run } = useAction(() => rules.reload());
  const [kind, setKind] = useState<Kind>('rule');
  const editable = atLeast('supervisor');
  const valueText = (k: Kind, value: string) => (k === 'language' ? t(`routingLanguage_${value}` as MessageKey) : value);

  const add = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    void run(() => api('POST', '/api/routing-rules', { kind, value: form.get('value'), analystId: form.get('analystId') }));
  };
  const valueField = () => {
    const options = kind === 'band' ? (rules.data?.bands ?? []) : kind === 'language' ? LANGUAGES : kind === 'rule' ? (catalog.data?.items.map((r) => r.id) ?? []) : null;
    if (!options) return <input name="value" required maxLength={100} aria-label={t('routingValue')} />;
    return (
      <select name="value" aria-label={t('routingValue')} key={kind}>
        {options.map((v) => (
          <option key={v} value={v}>
            {valueText(kind, v)}
          </option>
        ))}
      </select>
    );
  };

  return (
    <section class="routing">
      <h1>{t('routingTitle')}</h1>
      <p class="muted">{t('routingHint')}</p>
      {!editable && <p class="muted">{t('routingReadOnly')}</p>}
      <ErrorLine error={rules.error ?? error} />
      {rules.data?.items.length === 0 && <p class="muted">{t('routingNone')}</p>}
      {!!rules.data?.items.length && (
        <table data-testid="routing-rules">
          <TableHead labels={[t('routingMatch'), t('routingValue'), t('routingAnalyst'), '']} />
          <tbody>
            {rules.data.items.map((r) => (
              <tr key={r.id} data-kind={r.kind} data-value={r.value}>
                <td>{t(`routingKind_${r.kind}`)}</td>
                <td>
                  <code>{valueText(r.kind, r.value)}</code>
                </td>
                <td data-testid="routing-analyst">{r.analyst.displayName}</td>
                <td>
                  {editable && (
                    <button type="button" class="link" onClick={() => void run(() => api('DELETE', `/api/routing-rules/${r.id}`))}>
                      {t('routingRemove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable && (
        <form class="filters routing-form" onSubmit={add} data-testid="routing-form">
          <label>
            {t('routingMatch')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`routingKind_${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('routingValue')}
            {valueField()}
          </label>
          <label>
            {t('routingAnalyst')}
            <select name="analystId">
              {analysts.data?.items
                .filter((a) => !a.disabled)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.displayName}
                  </option>
                ))}
            </select>
          </label>
          <button type="submit">{t('routingAdd')}</button>
        </form>
      )}
    </section>
  );
}
