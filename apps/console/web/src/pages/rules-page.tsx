import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorLine } from '../components/error-line';
import { formText } from '../components/form-text';
import { useAction } from '../components/use-action';
import { useApi } from '../components/use-api';
import { ApprovalButtons } from './approvals-page';
import { useT } from '../i18n';
import { TableHead } from '../components/table-head';
import { ruleDescription } from '../rule-descriptions';
import { RuleBacktest } from './rules/rule-backtest';
import { RuleVersionCompare } from './rules/rule-version-compare';
import { ScoreCalibration } from './rules/score-calibration';
import type { ApiSchema } from '../api-types';

type LiveRule = ApiSchema<'LiveRule'>;
type LiveRuleSet = ApiSchema<'LiveRuleSet'>;
type RuleChange = { enabled?: boolean; severity?: string; score?: number; params?: Record<string, number> };

const SEVERITIES = ['low', 'medium', 'high', 'critical'];
/** Below this many answered cases a precision is an anecdote, and is shown as one. */
const FEW_CASES = 10;

function Precision({ measured }: { measured: LiveRule['measured'] }) {
  const { t } = useT();
  if (measured.precision === null) return <span>—</span>;
  const n = measured.fraud + measured.legitimate;
  return (
    <span class={n < FEW_CASES ? 'uncertain' : ''} data-testid="precision" title={n < FEW_CASES ? t('fewCases') : undefined}>
      {Math.round(measured.precision * 100)}% (n={n}){n < FEW_CASES && <small> · {t('fewCases')}</small>}
    </span>
  );
}

/** Supervisors tune the live rule set; each save is a new version the detectors load within seconds. */
export function RulesPage() {
  const { t, time, label, locale } = useT();
  const live = useApi<LiveRuleSet>('/api/rules');
  const history = useApi<ApiSchema<'RuleSetHistory'>>('/api/rules/history?limit=20');
  const [edits, setEdits] = useState<Record<string, RuleChange>>({});
  // What is typed, per field: an emptied or garbled field stays invalid rather than turning into 0.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const { error, run } = useAction(() => Promise.all([live.reload(), history.reload()]));

  if (live.error) return <ErrorLine error={live.error} />;
  if (!live.data) return <p>{t('loading')}</p>;
  const ruleSet = live.data;
  const edit = (id: string, change: RuleChange) => setEdits({ ...edits, [id]: { ...edits[id], ...change, params: { ...edits[id]?.params, ...change.params } } });
  const parsed = (raw: string) => (raw.trim() === '' ? undefined : Number(raw));
  const invalid = (field: string) => field in drafts && !Number.isFinite(parsed(drafts[field]));
  const anyInvalid = Object.keys(drafts).some(invalid);
  const type = (field: string, raw: string, apply: (value: number) => void) => {
    setDrafts({ ...drafts, [field]: raw });
    const value = parsed(raw);
    if (value !== undefined && Number.isFinite(value)) apply(value);
  };
  const numberInput = (field: string, shown: number, apply: (value: number) => void, label: string) => (
    <input
      type="number"
      step="any"
      class="narrow"
      name={field}
      required
      aria-label={label}
      aria-invalid={invalid(field)}
      value={drafts[field] ?? shown}
      onInput={(e) => type(field, e.currentTarget.value, apply)}
    />
  );

  const save = (e: Event) => {
    e.preventDefault();
    const reason = formText(new FormData(e.currentTarget as HTMLFormElement), 'reason');
    if (anyInvalid) return;
    void run(async () => {
      const saved = await api<ApiSchema<'ChangedRuleSet'> | ApiSchema<'Approval'>>('PATCH', '/api/rules', { reason, expectedVersion: ruleSet.version, rules: edits });
      setEdits({});
      setDrafts({});
      // With four eyes on, the answer is the request awaiting a second supervisor, not a new version.
      setMessage('status' in saved ? t('sentForApproval') : t('saved', { version: saved.version }));
    });
  };

  return (
    <section>
      <h1 data-testid="live-version">{t('liveVersion', { version: ruleSet.version })}</h1>
      <p class="muted">
        {ruleSet.reason} · {t('by', { who: ruleSet.createdBy })} · {time(ruleSet.createdAt)}
      </p>
      {ruleSet.pendingPublication && (
        <div class="notice" data-testid="rules-pending">
          <span class="badge warn">{t('awaitingApproval')}</span>{' '}
          {t('awaitingApprovalRules', {
            reason: (ruleSet.pendingPublication.payload as { body?: { reason?: string } }).body?.reason ?? '',
            who: ruleSet.pendingPublication.requestedBy,
          })}
          <ApprovalButtons approval={ruleSet.pendingPublication} onDone={() => Promise.all([live.reload(), history.reload()])} />
        </div>
      )}
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
                    <div class="muted small" data-testid="rule-description">
                      {ruleDescription(rule.id, rule.description, locale)}
                    </div>
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
                        <option key={s} value={s}>
                          {label(s)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{numberInput(`${rule.id}.score`, changed?.score ?? rule.score, (score) => edit(rule.id, { score }), `${rule.id} ${t('score')}`)}</td>
                  <td class="params">
                    {Object.entries(rule.params).map(([name, value]) => (
                      <label key={name}>
                        {name}
                        {numberInput(`${rule.id}.${name}`, changed?.params?.[name] ?? value, (v) => edit(rule.id, { params: { [name]: v } }), `${rule.id} ${name}`)}
                      </label>
                    ))}
                  </td>
                  <td class="num">
                    {rule.measured.hits} · {rule.measured.cases} · <Precision measured={rule.measured} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div class="inline">
          <input name="reason" required minLength={3} placeholder={t('changeReason')} aria-label={t('changeReason')} size={50} />
          <button type="submit" disabled={Object.keys(edits).length === 0 || anyInvalid}>
            {t('saveRules')}
          </button>
        </div>
        {anyInvalid && (
          <p class="error" role="alert" data-testid="rules-invalid">
            {t('invalidNumber')}
          </p>
        )}
        {message && <p class="ok">{message}</p>}
        <ErrorLine error={error} />
      </form>
      <ScoreCalibration />
      <RuleBacktest draft={{ rules: edits }} disabled={anyInvalid} />

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
      {history.data && history.data.items.length > 1 && (
        <RuleVersionCompare live={ruleSet.version} versions={history.data.items.map((h) => h.version)} onRolledBack={() => Promise.all([live.reload(), history.reload()])} />
      )}
    </section>
  );
}
