import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorLine } from '../components/error-line';
import { useAction } from '../components/use-action';
import { useApi } from '../components/use-api';
import { useT } from '../i18n';
import { TableHead } from '../components/table-head';

interface LiveRule {
  id: string;
  description: string;
  category: string;
  phase: string;
  enabled: boolean;
  severity: string;
  score: number;
  params: Record<string, number>;
  measured: { hits: number; cases: number; fraud: number; legitimate: number; precision: number | null };
}
interface LiveRuleSet {
  version: number;
  createdAt: string | null;
  createdBy: string;
  reason: string;
  rules: LiveRule[];
}
type RuleChange = { enabled?: boolean; severity?: string; score?: number; params?: Record<string, number> };

const SEVERITIES = ['low', 'medium', 'high', 'critical'];

/** Supervisors tune the live rule set; each save is a new version the detectors load within seconds. */
export function RulesPage() {
  const { t, time } = useT();
  const live = useApi<LiveRuleSet>('/api/rules');
  const history = useApi<{ items: { version: number; createdAt: string; createdBy: string; reason: string }[] }>('/api/rules/history?limit=20');
  const [edits, setEdits] = useState<Record<string, RuleChange>>({});
  const [message, setMessage] = useState<string>();
  const { error, run } = useAction(() => Promise.all([live.reload(), history.reload()]));

  if (live.error) return <ErrorLine error={live.error} />;
  if (!live.data) return <p>{t('loading')}</p>;
  const ruleSet = live.data;
  const edit = (id: string, change: RuleChange) => setEdits({ ...edits, [id]: { ...edits[id], ...change, params: { ...edits[id]?.params, ...change.params } } });

  const save = (e: Event) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget as HTMLFormElement).get('reason'));
    void run(async () => {
      const saved = await api<{ version: number }>('PATCH', '/api/rules', { reason, expectedVersion: ruleSet.version, rules: edits });
      setEdits({});
      setMessage(t('saved', { version: saved.version }));
    });
  };

  return (
    <section>
      <h1 data-testid="live-version">{t('liveVersion', { version: ruleSet.version })}</h1>
      <p class="muted">
        {ruleSet.reason} · {t('by', { who: ruleSet.createdBy })} · {time(ruleSet.createdAt)}
      </p>
      <form onSubmit={save}>
        <table class="rules">
          <TableHead labels={[t('rule'), t('enabled'), t('severity'), t('score'), t('params'), t('measured')]} />
          <tbody>
            {ruleSet.rules.map((rule) => {
              const changed = edits[rule.id];
              return (
                <tr key={rule.id} data-rule={rule.id} class={changed ? 'changed' : ''}>
                  <td>
                    <code>{rule.id}</code>
                    <div class="muted small">{rule.description}</div>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${rule.id} ${t('enabled')}`}
                      checked={changed?.enabled ?? rule.enabled}
                      onChange={(e) => edit(rule.id, { enabled: e.currentTarget.checked })}
                    />
                  </td>
                  <td>
                    <select value={changed?.severity ?? rule.severity} onChange={(e) => edit(rule.id, { severity: e.currentTarget.value })}>
                      {SEVERITIES.map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="number"
                      class="narrow"
                      value={changed?.score ?? rule.score}
                      onChange={(e) => edit(rule.id, { score: Number(e.currentTarget.value) })}
                    />
                  </td>
                  <td class="params">
                    {Object.entries(rule.params).map(([name, value]) => (
                      <label key={name}>
                        {name}
                        <input
                          type="number"
                          step="any"
                          class="narrow"
                          name={`${rule.id}.${name}`}
                          value={changed?.params?.[name] ?? value}
                          onChange={(e) => edit(rule.id, { params: { [name]: Number(e.currentTarget.value) } })}
                        />
                      </label>
                    ))}
                  </td>
                  <td class="num">
                    {rule.measured.hits} · {rule.measured.cases} · {rule.measured.precision === null ? '—' : `${Math.round(rule.measured.precision * 100)}%`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div class="inline">
          <input name="reason" required minLength={3} placeholder={t('changeReason')} aria-label={t('changeReason')} size={50} />
          <button type="submit" disabled={Object.keys(edits).length === 0}>
            {t('saveRules')}
          </button>
        </div>
        {message && <p class="ok">{message}</p>}
        <ErrorLine error={error} />
      </form>

      <h2>{t('history')}</h2>
      <table class="history" data-testid="rule-history">
        <TableHead labels={[t('version'), t('at'), t('actor'), t('reason')]} />
        <tbody>
          {history.data?.items.map((h) => (
            <tr key={h.version}>
              <td>v{h.version}</td>
              <td>{time(h.createdAt)}</td>
              <td>{h.createdBy}</td>
              <td>{h.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
