import type { ApiSchema } from '../api-types';
import { ErrorLine } from '../components/error-line';
import { periodOf, PeriodSelect } from '../components/period-select';
import { TableHead } from '../components/table-head';
import { useApi } from '../components/use-api';
import { waited } from '../components/waiting';
import { type MessageKey, useT } from '../i18n';
import { navigate } from '../router';

type StepUps = ApiSchema<'StepUps'>;
type Outcome = ApiSchema<'StepUpOutcome'>['outcome'];

const OUTCOMES: Outcome[] = ['released', 'not_me', 'expired'];

/** Step-ups (#21): those waiting for the borrower's answer, soonest to go to analysts first, and how recent ones ended. */
export function StepUpsPage({ params }: { params: URLSearchParams }) {
  const { t, time } = useT();
  const days = periodOf(params, 7);
  const { data, error } = useApi<StepUps>(`/api/step-ups?days=${days}`, { fresh: true });
  if (error) return <ErrorLine error={error} />;
  if (!data) return <p>{t('loading')}</p>;
  const wait = data.waitSeconds % 3600 === 0 ? t('waitHours', { h: data.waitSeconds / 3600 }) : waited(data.waitSeconds, t);
  const { waiting, outcomes } = data;
  return (
    <section class="step-ups">
      <h1>{t('stepUps')}</h1>
      <p class="muted">{t('stepUpsHint', { wait })}</p>

      <h2 data-testid="step-ups-waiting-title">{t('stepUpsWaiting', { count: waiting.total })}</h2>
      {waiting.items.length === 0 ? (
        <p class="empty">{t('stepUpsNoneWaiting')}</p>
      ) : (
        <table data-testid="step-ups-waiting">
          {/* Reference and time left first: at phone width they stay in view while the rest scrolls sideways. */}
          <TableHead labels={[t('reference'), t('stepUpTimeLeft'), t('stepUpHeld'), t('account'), t('rule'), t('opened')]} />
          <tbody>
            {waiting.items.map((s) => (
              <tr key={s.caseId} data-case={s.caseId} class={s.secondsLeft <= 0 ? 'due' : ''}>
                <td>
                  <a href={`#/cases/${s.caseId}`}>{s.referenceCode}</a>
                </td>
                <td class="waiting" data-testid="time-left" title={time(s.dueAt)}>
                  {s.secondsLeft > 0 ? waited(s.secondsLeft, t) : <span class="badge high">{t('stepUpDue')}</span>}
                </td>
                <td data-testid="held" class="nowrap">
                  {s.holds.map((h) => t(h)).join(', ')}
                </td>
                <td>{s.accountId}</td>
                <td class="rules">{s.rules.join(', ')}</td>
                <td>{time(s.openedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {waiting.total > waiting.items.length && <p class="muted small">{t('stepUpsMoreWaiting', { shown: waiting.items.length, total: waiting.total })}</p>}

      <h2>{t('stepUpOutcomes')}</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <PeriodSelect days={days} onChange={(d) => navigate(`/step-ups?days=${d}`)} />
      </form>
      <div class="tiles" data-testid="step-up-counts">
        {OUTCOMES.map((o) => (
          <div class="tile" key={o} data-outcome={o}>
            <h3>{t(`outcome_${o}` as MessageKey)}</h3>
            <p class="big">{outcomes.counts[o]}</p>
          </div>
        ))}
      </div>
      {outcomes.items.length === 0 ? (
        <p class="empty">{t('stepUpNoOutcomes')}</p>
      ) : (
        <table data-testid="step-up-outcomes">
          <TableHead labels={[t('reference'), t('stepUpOutcome'), t('stepUpEndedAt'), t('account'), t('rule'), t('opened')]} />
          <tbody>
            {outcomes.items.map((o) => (
              <tr key={`${o.caseId}-${o.outcome}`} data-case={o.caseId} data-outcome={o.outcome}>
                <td>
                  <a href={`#/cases/${o.caseId}`}>{o.referenceCode}</a>
                </td>
                <td>
                  <span class={`badge o-${o.outcome}`}>{t(`outcome_${o.outcome}` as MessageKey)}</span>
                </td>
                <td>{time(o.at)}</td>
                <td>{o.accountId}</td>
                <td class="rules">{o.rules.join(', ')}</td>
                <td>{time(o.openedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
