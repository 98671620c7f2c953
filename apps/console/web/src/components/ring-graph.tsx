import { useMemo, useState } from 'preact/hooks';
import type { ApiSchema } from '../api-types';
import { type MessageKey, useT } from '../i18n';
import { ringLayout } from './force-layout';
import { EDGE_KINDS, EDGE_LOOK, type EdgeKind } from './ring-layout';

/** GET /api/cases/{id}/ring */
export type Ring = ApiSchema<'CaseRing'>;

// Room around the circle for the labels.
const PAD = 78;
const STATUS_COLOUR: Record<string, string> = { open: '#fde7e5', in_review: '#e8eef8', resolved: '#e6f4ea' };

const short = (accountId: string) => (accountId.length > 10 ? `…${accountId.slice(-8)}` : accountId);
const PERIODS = [0, 1, 7, 30, 90] as const;
const DAY = 86_400_000;

/** What the analyst chose to see: link kinds, and links seen within the last `days` (0: any time). */
interface LinkFilter {
  kinds: ReadonlySet<EdgeKind>;
  days: number;
}

/** Whether a link passes the filter: its kind is shown, and it tied the graph's accounts within the period. */
const shows = (filter: LinkFilter, entity: { kind: EdgeKind; lastAt: string | null }, now: number) =>
  filter.kinds.has(entity.kind) && (filter.days === 0 || (entity.lastAt !== null && Date.parse(entity.lastAt) >= now - filter.days * DAY));

/**
 * The accounts linked to a case as a graph: an edge for every pair sharing a device, IP, card or
 * merchant, told apart by colour and dash pattern, side by side where one pair shares several; each
 * account's circle by its case's status, its label a link to the case. The analyst filters links by
 * kind and by when they were seen, and clicks an account (or its button in the list) to expand it:
 * the page fetches the ring around it and folds it in. The list beside the graph says the same in
 * words, for screen readers and for reading at phone width.
 */
export function RingGraph({
  ring,
  onExpand,
  expanded = new Set(),
  expanding,
}: {
  ring: Ring;
  onExpand?: (accountId: string) => void;
  expanded?: ReadonlySet<string>;
  expanding?: string;
}) {
  const { t, label } = useT();
  const [kinds, setKinds] = useState<ReadonlySet<EdgeKind>>(new Set(EDGE_KINDS));
  const [days, setDays] = useState(0);
  const now = Date.now();
  const visible = ring.entities.filter((e) => shows({ kinds, days }, e, now));
  // The layout depends on the ring alone, so filtering never moves an account.
  const drawn = useMemo(() => ringLayout(ring.nodes, ring.entities), [ring]);
  const shown = new Set(visible.map((e) => `${e.kind}:${e.value}`));
  const edges = drawn.edges.filter((e) => shown.has(`${e.kind}:${e.entity.value}`));
  const hidden = drawn.edges.length - edges.length;
  const linked = new Set([ring.accountId, ...edges.flatMap((e) => [e.from, e.to])]);
  const onGraph = new Set(ring.nodes.map((n) => n.accountId));
  const via = (accountId: string) =>
    visible
      .filter((e) => e.accounts.includes(accountId) && e.accounts.some((a) => a !== accountId && onGraph.has(a)))
      .map((e) => `${t(`entity_${e.kind}` as MessageKey)} ${e.masked}`);
  const toggle = (kind: EdgeKind) => setKinds((k) => (k.has(kind) ? new Set([...k].filter((x) => x !== kind)) : new Set([...k, kind])));
  const canExpand = (accountId: string) => onExpand !== undefined && accountId !== ring.accountId && !expanded.has(accountId) && expanding === undefined;
  const maskedOf = new Map(ring.entities.map((e) => [`${e.kind}:${e.value}`, e.masked]));
  const cut = ring.truncated.nodes || ring.truncated.accounts || ring.truncated.entities;
  const extent = drawn.radius + PAD;
  const caseOf = new Map(ring.nodes.map((n) => [n.accountId, n.case]));
  return (
    <div class="ring">
      {cut && (
        <p class="badge warn ring-cut" data-testid="ring-truncated">
          {t('ringTruncated', { nodes: ring.limits.maxNodes, perEntity: ring.limits.accountsPerEntity })}
        </p>
      )}
      <div class="ring-filters" data-testid="ring-filters">
        <fieldset>
          <legend>{t('linkKinds')}</legend>
          {EDGE_KINDS.map((kind) => (
            <label key={kind} class="check">
              <input type="checkbox" name={`kind-${kind}`} checked={kinds.has(kind)} onChange={() => toggle(kind)} /> {t(`entity_${kind}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('linkPeriod')}{' '}
          <select name="link-days" value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {PERIODS.map((d) => (
              <option key={d} value={String(d)}>
                {d === 0 ? t('linkPeriodAll') : t('lastDays', { days: d })}
              </option>
            ))}
          </select>
        </label>
        <span class="muted small" data-testid="ring-counts">
          {t('linkAccounts', { count: ring.nodes.length })}
          {hidden > 0 && ` · ${t('linkHidden', { count: hidden })}`}
        </span>
      </div>
      <div class="ring-figure">
        <svg
          viewBox={`${-extent} ${-extent} ${2 * extent} ${2 * extent}`}
          // One unit a pixel: a larger ring draws larger, up to the column's width.
          style={{ width: `${2 * extent}px` }}
          role="img"
          aria-label={t('ringGraph')}
          class="ring-graph"
          data-testid="ring-graph"
        >
          {edges.map((e) => (
            <line
              key={e.key}
              data-edge
              data-kind={e.kind}
              data-from={e.from}
              data-to={e.to}
              x1={e.x1}
              y1={e.y1}
              x2={e.x2}
              y2={e.y2}
              stroke={EDGE_LOOK[e.kind].colour}
              stroke-dasharray={EDGE_LOOK[e.kind].dash}
              stroke-width="2"
            >
              <title>{`${t(`entity_${e.kind}` as MessageKey)} ${maskedOf.get(`${e.kind}:${e.entity.value}`) ?? ''}: ${short(e.from)} – ${short(e.to)}`}</title>
            </line>
          ))}
          {drawn.nodes.map((n) => {
            const c = caseOf.get(n.accountId);
            const expandable = canExpand(n.accountId);
            const text = (
              <text x={n.label.x} y={n.label.y} text-anchor={n.label.anchor} font-size="11" font-weight={n.hop === 0 ? 600 : undefined}>
                {short(n.accountId)}
              </text>
            );
            return (
              <g key={n.accountId} class={linked.has(n.accountId) ? undefined : 'ring-faded'} data-node={n.accountId}>
                <circle
                  data-account={n.accountId}
                  data-expanded={expanded.has(n.accountId) ? '' : undefined}
                  cx={n.x}
                  cy={n.y}
                  r={n.r}
                  fill={c ? STATUS_COLOUR[c.status] : '#f1f3f5'}
                  stroke={n.hop === 0 ? '#1d2430' : '#6b7380'}
                  stroke-width={n.hop === 0 || expanded.has(n.accountId) ? 2 : 1}
                  class={expandable ? 'ring-expandable' : undefined}
                  role={expandable ? 'button' : undefined}
                  tabIndex={expandable ? 0 : undefined}
                  aria-label={expandable ? t('linkExpand', { account: n.accountId }) : undefined}
                  onClick={expandable ? () => onExpand!(n.accountId) : undefined}
                  onKeyDown={expandable ? (e) => e.key === 'Enter' && onExpand!(n.accountId) : undefined}
                >
                  <title>{`${n.accountId}${c ? ` · ${c.referenceCode} · ${label(c.status)}` : ''}`}</title>
                </circle>
                {c ? <a href={`#/cases/${c.id}`}>{text}</a> : text}
              </g>
            );
          })}
        </svg>
        <p class="ring-legend small" data-testid="ring-legend">
          {EDGE_KINDS.map((kind) => (
            <span key={kind}>
              <svg width="28" height="8" aria-hidden="true">
                <line data-kind={kind} x1="1" y1="4" x2="27" y2="4" stroke={EDGE_LOOK[kind].colour} stroke-dasharray={EDGE_LOOK[kind].dash} stroke-width="2" />
              </svg>{' '}
              {t(`entity_${kind}` as MessageKey)}
            </span>
          ))}
        </p>
      </div>
      <ol class="ring-list" data-testid="ring-list">
        {ring.nodes
          .filter((n) => n.hop > 0)
          .map((n) => (
            <li key={n.accountId} data-account={n.accountId}>
              <code>{n.accountId}</code> · {t('hop', { hop: n.hop })} ·{' '}
              {n.case ? (
                <>
                  <a href={`#/cases/${n.case.id}`}>{n.case.referenceCode}</a> <span class={`badge s-${n.case.status}`}>{label(n.case.status)}</span>
                </>
              ) : (
                <span class="muted">{t('noCase')}</span>
              )}
              {onExpand && n.accountId !== ring.accountId && (
                <>
                  {' '}
                  <button type="button" class="link" data-expand={n.accountId} disabled={!canExpand(n.accountId)} onClick={() => onExpand(n.accountId)}>
                    {expanded.has(n.accountId) ? t('linkExpanded') : expanding === n.accountId ? t('linkExpanding') : t('linkExpand', { account: short(n.accountId) })}
                  </button>
                </>
              )}
              <br />
              <span class="muted small">{via(n.accountId).join(' · ')}</span>
            </li>
          ))}
      </ol>
    </div>
  );
}
