import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ErrorLine } from '../components/error-line';
import { reasonLabel } from '../components/resolve-dialog';
import { useApi } from '../components/use-api';
import { useT } from '../i18n';
import { TableHead } from '../components/table-head';
import type { ApiSchema } from '../api-types';

type Stats = ApiSchema<'Stats'>;

const duration = (seconds: number | null) =>
  seconds === null ? '—' : seconds < 90 ? `${Math.round(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;

function DailyChart({ stats }: { stats: Stats }) {
  const { t } = useT();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const days = stats.daily.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000);
    // The card's inner width, kept as the card resizes (a phone turned, a window narrowed).
    const inner = () => Math.max(200, host.current!.clientWidth - 16);
    const chart = new uPlot(
      {
        width: inner(),
        height: 260,
        scales: { x: { time: true } },
        series: [{}, { label: t('opened'), stroke: '#c0392b', width: 2, points: { show: true } }, { label: t('closed'), stroke: '#2e7d32', width: 2, points: { show: true } }],
        axes: [{}, { label: t('casesPerDay') }],
      },
      [days, stats.daily.map((d) => d.opened), stats.daily.map((d) => d.closed)],
      host.current!,
    );
    const resized = new ResizeObserver(() => chart.setSize({ width: inner(), height: 260 }));
    resized.observe(host.current!);
    return () => {
      resized.disconnect();
      chart.destroy();
    };
  }, [stats, t('opened')]);
  return <div ref={host} class="chart" data-testid="daily-chart" />;
}

export function MetricsPage() {
  const { t, label, time } = useT();
  const { data, error } = useApi<Stats>('/api/metrics?days=14');
  if (error) return <ErrorLine error={error} />;
  if (!data) return <p>{t('loading')}</p>;
  const widest = Math.max(1, ...data.channels.map((c) => c.total));
  return (
    <section>
      <h1>{t('metrics')}</h1>
      <h2>{t('casesPerDay')}</h2>
      <DailyChart stats={data} />
      <div class="tiles">
        <div class="tile">
          <h3>{t('firstAction')}</h3>
          <p>
            {t('median')}: <strong>{duration(data.firstAction.medianSeconds)}</strong>
          </p>
          <p>
            {t('p90')}: <strong>{duration(data.firstAction.p90Seconds)}</strong>
          </p>
          <p>
            {t('acted')}: {data.firstAction.acted} / {data.firstAction.cases}
          </p>
        </div>
        <div class="tile">
          <h3>{t('answerRate')}</h3>
          <p class="big">{data.answers.rate === null ? '—' : `${Math.round(data.answers.rate * 100)}%`}</p>
          <p>
            {data.answers.answered} / {data.answers.alerted} · {t('not_me')}: {data.answers.notMe}
          </p>
        </div>
        <div class="tile wide" data-testid="tiers">
          <h3>{t('tiersTitle')}</h3>
          <p class="muted small">{t('tiersHint')}</p>
          <table>
            <tbody>
              {(
                [
                  ['heads_up', data.tiers.headsUp],
                  ['step_up', data.tiers.stepUp],
                  ['case', data.tiers.case],
                ] as const
              ).map(([tier, count]) => (
                <tr key={tier} data-tier={tier}>
                  <td>{t(`tier_${tier}`)}</td>
                  <td class="num">{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.tiers.partial && (
            <p class="muted small" data-testid="tiers-from">
              {t('tiersFrom', { time: time(data.tiers.countedFrom) })}
            </p>
          )}
        </div>
        <div class="tile wide">
          <h3>{t('channels')}</h3>
          <table>
            <TableHead labels={[t('channel'), t('sent'), t('delivered'), t('failed'), '']} />
            <tbody>
              {data.channels.map((c) => (
                <tr key={c.channel}>
                  <td>{c.channel}</td>
                  <td class="num">{c.sent}</td>
                  <td class="num">{c.delivered}</td>
                  <td class="num">{c.failed}</td>
                  <td class="bar">
                    <span class="bar-sent" style={{ width: `${(c.sent / widest) * 100}%` }} />
                    <span class="bar-delivered" style={{ width: `${(c.delivered / widest) * 100}%` }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.channels.some((c) => c.channel === 'sms' && c.sent > 0 && c.delivered === 0) && (
            <p class="muted small" data-testid="sms-note">
              {t('smsNoReceipts')}
            </p>
          )}
        </div>
        <div class="tile wide">
          <h3>{t('actResolutionReasons')}</h3>
          <table data-testid="resolution-reasons">
            <TableHead labels={[t('actReasonCode'), t('actOutcome'), t('actCases')]} />
            <tbody>
              {data.resolutionReasons.map((r) => (
                <tr key={`${r.resolution}-${r.reasonCode}`}>
                  <td>{reasonLabel(t, r.reasonCode)}</td>
                  <td>{label(r.resolution)}</td>
                  <td class="num">{r.cases}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
