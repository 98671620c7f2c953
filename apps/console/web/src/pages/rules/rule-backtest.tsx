import { useState } from 'preact/hooks';
import { api } from '../../api';
import type { ApiSchema } from '../../api-types';
import { ErrorLine } from '../../components/error-line';
import { useAction } from '../../components/use-action';
import { useT } from '../../i18n';
import { BacktestCases, BacktestPrecision } from './backtest-impact';

type BacktestResult = ApiSchema<'BacktestResult'>;
export type DraftChange = { rules: Record<string, unknown>; decisions?: Record<string, number> };

/**
 * Before publishing, a supervisor runs the draft (the live set with the edits on screen) beside
 * the live set over the last N days of stored events, and reads per rule what it would add or remove.
 */
export function RuleBacktest({ draft, disabled }: { draft: DraftChange; disabled: boolean }) {
  const { t } = useT();
  const [days, setDays] = useState('7');
  const [result, setResult] = useState<BacktestResult>();
  const [running, setRunning] = useState(false);
  const { error, run } = useAction();

  const start = () => {
    setRunning(true);
    setResult(undefined);
    void run(async () => {
      try {
        setResult(await api<BacktestResult>('POST', '/api/rules/backtest', { days: Number(days), ...draft }));
      } finally {
        setRunning(false);
      }
    });
  };
  const validDays = /^\d{1,3}$/.test(days) && Number(days) >= 1;

  return (
    <section class="rule-backtest" data-testid="rule-backtest">
      <h2>{t('backtestTitle')}</h2>
      <p class="muted small">{t('backtestHint')}</p>
      <div class="inline">
        <label>
          {t('backtestDays')}{' '}
          <input type="number" name="days" class="narrow" min={1} step={1} required aria-invalid={!validDays} value={days} onInput={(e) => setDays(e.currentTarget.value)} />
        </label>
        <button type="button" onClick={start} disabled={disabled || running || !validDays}>
          {running ? t('backtestRunning') : t('backtestRun')}
        </button>
      </div>
      <ErrorLine error={error} />
      {result && <BacktestTable result={result} />}
    </section>
  );
}

function BacktestTable({ result }: { result: BacktestResult }) {
  const { t } = useT();
  const live = t('backtestLive', { version: result.baselineVersion });
  const sides = [
    [t('backtestLive', { version: result.baselineVersion }), result.decisions.baseline],
    [t('backtestDraft'), result.decisions.candidate],
  ] as const;
  return (
    <div data-testid="backtest-result">
      <p data-testid="backtest-summary">
        {t('backtestSummary', { events: result.events, accounts: result.accounts, days: result.days, seconds: (result.elapsedMs / 1000).toFixed(1) })}
      </p>
      {result.rules.length === 0 ? (
        <p class="muted">{t('backtestNoHits')}</p>
      ) : (
        <table class="backtest" data-testid="backtest-table">
          {/* The CLI's columns, with the headings in the reader's language, then what each version does to cases. */}
          <thead>
            <tr>
              <th rowSpan={2}>{t('rule')}</th>
              <th colSpan={4}>{t('btHits')}</th>
              <th colSpan={3}>{t('btCaseAccounts')}</th>
            </tr>
            <tr>
              {[live, t('backtestDraft'), t('backtestAdded'), t('backtestRemoved'), live, t('backtestDraft'), t('btChange')].map((label, i) => (
                <th key={i}>{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rules.map((rule) => {
              const caseChange = rule.caseAccounts.candidate - rule.caseAccounts.baseline;
              const cells = [
                rule.baseline,
                rule.candidate,
                `+${rule.added.count}`,
                `-${rule.removed.count}`,
                rule.caseAccounts.baseline,
                rule.caseAccounts.candidate,
                caseChange > 0 ? `+${caseChange}` : String(caseChange),
              ];
              return (
                <tr key={rule.ruleId} data-rule={rule.ruleId} class={rule.added.count || rule.removed.count || caseChange ? 'changed' : ''}>
                  <td>
                    <code>{rule.ruleId}</code>
                  </td>
                  {cells.map((cell, i) => (
                    <td key={i} class="num">
                      {cell}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ul class="plain">
        {sides.map(([side, d]) => (
          <li key={side}>{t('backtestDecisions', { side, ...d })}</li>
        ))}
      </ul>
      <BacktestCases cases={result.cases} />
      <BacktestPrecision precision={result.precision} baselineVersion={result.baselineVersion} />
    </div>
  );
}
