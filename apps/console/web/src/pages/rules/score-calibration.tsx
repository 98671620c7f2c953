import { useState } from 'preact/hooks';
import type { ApiSchema } from '../../api-types';
import { ErrorLine } from '../../components/error-line';
import { PeriodSelect } from '../../components/period-select';
import { TableHead } from '../../components/table-head';
import { useApi } from '../../components/use-api';
import { useT } from '../../i18n';

type Band = ApiSchema<'ScoreCalibration'>['bands'][number];

/** Below this many decided cases a share is an anecdote, and is shown as one (as a rule's precision). */
const FEW_CASES = 10;

function Share({ band }: { band: Band }) {
  const { t } = useT();
  if (band.share === null) return <span>—</span>;
  const few = band.decided < FEW_CASES;
  return (
    <span class={few ? 'uncertain' : ''} title={few ? t('fewCases') : undefined}>
      {Math.round(band.share * 100)}% (n={band.decided}){few && <small> · {t('fewCases')}</small>}
    </span>
  );
}

/** Scores that rank (#21): per score band, the share of fraud among the platform's own resolved cases. */
export function ScoreCalibration() {
  const { t } = useT();
  const [days, setDays] = useState(90);
  const { data, error } = useApi<ApiSchema<'ScoreCalibration'>>(`/api/rules/calibration?days=${days}`);
  return (
    <div data-testid="score-calibration">
      <h2>{t('calTitle')}</h2>
      <p class="muted">{t('calHint')}</p>
      <div class="filters">
        <PeriodSelect days={days} onChange={setDays} name="calibration-days" />
      </div>
      <ErrorLine error={error} />
      {data && (
        <>
          <table data-testid="calibration-table">
            <TableHead labels={[t('calBand'), t('calCases'), t('calFraud'), t('calLegit'), t('calShare')]} />
            <tbody>
              {data.bands.map((b) => (
                <tr key={b.band} data-band={b.band}>
                  <td>{b.band}</td>
                  <td class="num">{b.cases}</td>
                  <td class="num">{b.fraud}</td>
                  <td class="num">{b.legitimate}</td>
                  <td class="num" data-testid="share">
                    <Share band={b} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.bands.every((b) => b.cases === 0) && <p class="empty">{t('calNoCases')}</p>}
        </>
      )}
    </div>
  );
}
