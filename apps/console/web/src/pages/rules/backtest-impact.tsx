import type { ApiSchema } from '../../api-types';
import { TableHead } from '../../components/table-head';
import { type MessageKey, useT } from '../../i18n';

type BacktestResult = ApiSchema<'BacktestResult'>;
type Affected = BacktestResult['cases']['opened'];
type Estimate = BacktestResult['precision']['baseline'];

/** Below this many accounts with an outcome a precision is an anecdote, and is shown as one (as a rule's precision). */
const FEW_CASES = 10;

/** The accounts whose case the draft would open or close, each linked to the case it has today. */
function AffectedAccounts({ side, affected, sampleSize }: { side: 'opened' | 'closed'; affected: Affected; sampleSize: number }) {
  const { t, label } = useT();
  const words: Record<typeof side, { title: MessageKey; count: MessageKey; none: MessageKey }> = {
    opened: { title: 'btOpenedTitle', count: 'btOpenedCount', none: 'btOpenedNone' },
    closed: { title: 'btClosedTitle', count: 'btClosedCount', none: 'btClosedNone' },
  };
  const w = words[side];
  return (
    <div data-testid={`backtest-${side}`}>
      <h3>{t(w.title)}</h3>
      {affected.count === 0 ? (
        <p class="muted">{t(w.none)}</p>
      ) : (
        <>
          <p>
            {t(w.count, { count: affected.count })}
            {affected.count > affected.sample.length && <> {t('btSampled', { shown: Math.min(sampleSize, affected.sample.length), count: affected.count })}</>}
          </p>
          <table class="backtest-accounts">
            <TableHead labels={[t('btAccount'), t('btRules'), t('btCase')]} />
            <tbody>
              {affected.sample.map((a) => (
                <tr key={a.accountId} data-account={a.accountId}>
                  <td>
                    <code>{a.accountId}</code>
                  </td>
                  <td class="small">{a.ruleIds.join(', ')}</td>
                  <td>
                    {a.case ? (
                      <>
                        <a href={`#/cases/${a.case.id}`} class="ref">
                          {a.case.referenceCode}
                        </a>{' '}
                        <span class={`badge s-${a.case.status}`}>{label(a.case.status)}</span>
                      </>
                    ) : (
                      <span class="muted">{t('btNoCase')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

export function BacktestCases({ cases }: { cases: BacktestResult['cases'] }) {
  return (
    <div class="backtest-cases">
      <AffectedAccounts side="opened" affected={cases.opened} sampleSize={cases.sampleSize} />
      <AffectedAccounts side="closed" affected={cases.closed} sampleSize={cases.sampleSize} />
    </div>
  );
}

function Share({ estimate }: { estimate: Estimate }) {
  const { t } = useT();
  if (estimate.precision === null) return <span>—</span>;
  const few = estimate.n < FEW_CASES;
  return (
    <span class={few ? 'uncertain' : ''} title={few ? t('fewCases') : undefined}>
      {t('btShare', { share: Math.round(estimate.precision * 100), n: estimate.n })}
      {few && <small> · {t('fewCases')}</small>}
    </span>
  );
}

/** Each version's precision on the sampled accounts with an outcome, with its n. */
export function BacktestPrecision({ precision, baselineVersion }: { precision: BacktestResult['precision']; baselineVersion: number }) {
  const { t } = useT();
  const sides = [
    ['baseline', t('backtestLive', { version: baselineVersion }), precision.baseline],
    ['candidate', t('backtestDraft'), precision.candidate],
  ] as const;
  return (
    <div data-testid="backtest-precision">
      <h3>{t('btPrecisionTitle')}</h3>
      <p class="muted small">{t('btPrecisionHint')}</p>
      {precision.sampled === 0 ? (
        <p class="muted">{t('btPrecisionNone')}</p>
      ) : (
        <>
          <table class="backtest-precision">
            <TableHead labels={[t('btVersion'), t('btPrecision'), '']} />
            <tbody>
              {sides.map(([side, name, estimate]) => (
                <tr key={side} data-side={side}>
                  <td>{name}</td>
                  <td class="num">
                    <Share estimate={estimate} />
                  </td>
                  <td class="muted small">{t('btFraudLegit', { fraud: estimate.fraud, legitimate: estimate.legitimate })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted small">{t('btPrecisionSample', { sampled: precision.sampled, total: precision.withOutcome })}</p>
        </>
      )}
    </div>
  );
}
