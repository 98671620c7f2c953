import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ErrorLine } from '../components/error-line';
import { reasonLabel } from '../components/resolve-dialog';
import { useApi } from '../components/use-api';
import { waited } from '../components/waiting';
import { useT } from '../i18n';
import { TableHead } from '../components/table-head';
import type { ApiSchema } from '../api-types';

type Stats = ApiSchema<'Stats'>;

/** A length of time as analysts say it, in the page's language; a dash with nothing to measure. */
const duration = (t: Parameters<typeof waited>[1], seconds: number | null) => (seconds === null ? '—' : waited(seconds, t));

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

type Figures = Stats['workload']['analysts'][number];

/** The figure cells a queue's row and an analyst's row share, in the columns' order. */
function FigureCells({ f }: { f: Omit<Figures, 'id' | 'username' | 'displayName'> }) {
  const { t } = useT();
  return (
    <>
      <td class="num">{f.intake}</td>
      <td class="num">{f.backlog}</td>
      <td class={f.overTarget > 0 ? 'num warn' : 'num'}>{f.overTarget}</td>
      <td class="num">{duration(t, f.firstTouchMedianSeconds)}</td>
      <td class="num">{f.resolved}</td>
      <td class="num">{duration(t, f.resolveMedianSeconds)}</td>
      <td class="num">{f.fraudConfirmed}</td>
    </>
  );
}

/** Each queue's and each active analyst's work: who is behind, and where cases wait past their target. */
function Workload({ workload }: { workload: Stats['workload'] }) {
  const { t } = useT();
  const figures = [t('workIntake'), t('workBacklog'), t('workOverTarget'), t('workFirstTouch'), t('workResolved'), t('workResolveTime'), t('workFraud')];
  return (
    <>
      <div class="tile wide full">
        <h3>{t('workQueuesTitle')}</h3>
        <p class="muted small">{t('workHint', { minutes: workload.slaMinutes })}</p>
        <div class="table-scroll">
          <table data-testid="work-queues">
            <TableHead labels={[t('workQueue'), ...figures, t('workUnassigned')]} />
            <tbody>
              {workload.queues.map((q) => (
                <tr key={q.queue} data-queue={q.queue}>
                  <td>{t(`work_queue_${q.queue}`)}</td>
                  <FigureCells f={q} />
                  <td class="num">{q.unassigned}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div class="tile wide full">
        <h3>{t('workAnalystsTitle')}</h3>
        {workload.analysts.length === 0 ? (
          <p class="muted">{t('workNoAnalysts')}</p>
        ) : (
          <div class="table-scroll">
            <table data-testid="work-analysts">
              <TableHead labels={[t('workAnalyst'), ...figures]} />
              <tbody>
                {workload.analysts.map((a) => (
                  <tr key={a.id} data-analyst={a.username}>
                    <td title={a.username}>{a.displayName}</td>
                    <FigureCells f={a} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
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
            {t('median')}: <strong>{duration(t, data.firstAction.medianSeconds)}</strong>
          </p>
          <p>
            {t('p90')}: <strong>{duration(t, data.firstAction.p90Seconds)}</strong>
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
        <Workload workload={data.workload} />
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
