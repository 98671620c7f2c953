import type { ApiSchema } from '../api-types';
import { type MessageKey, useT } from '../i18n';
import { EDGE_KINDS, EDGE_LOOK, ringLayout } from './ring-layout';

/** GET /api/cases/{id}/ring */
export type Ring = ApiSchema<'CaseRing'>;

// Room around the circle for the labels.
const PAD = 78;
const STATUS_COLOUR: Record<string, string> = { open: '#fde7e5', in_review: '#e8eef8', resolved: '#e6f4ea' };

const short = (accountId: string) => (accountId.length > 10 ? `…${accountId.slice(-8)}` : accountId);

/**
 * The accounts linked to a case as a graph: an edge for every pair sharing a device, IP, card or
 * merchant, told apart by colour and dash pattern, side by side where one pair shares several; each
 * account's circle by its case's status, and a link to it. The list beside it says the same in
 * words, for screen readers and for reading at phone width.
 */
export function RingGraph({ ring }: { ring: Ring }) {
  const { t, label } = useT();
  const drawn = ringLayout(ring.nodes, ring.entities);
  const onGraph = new Set(ring.nodes.map((n) => n.accountId));
  const via = (accountId: string) =>
    ring.entities
      .filter((e) => e.accounts.includes(accountId) && e.accounts.some((a) => a !== accountId && onGraph.has(a)))
      .map((e) => `${t(`entity_${e.kind}` as MessageKey)} ${e.masked}`);
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
          {drawn.edges.map((e) => (
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
            const circle = (
              <>
                <circle
                  data-account={n.accountId}
                  cx={n.x}
                  cy={n.y}
                  r={n.r}
                  fill={c ? STATUS_COLOUR[c.status] : '#f1f3f5'}
                  stroke={n.hop === 0 ? '#1d2430' : '#6b7380'}
                  stroke-width={n.hop === 0 ? 2 : 1}
                />
                <text x={n.label.x} y={n.label.y} text-anchor={n.label.anchor} font-size="11" font-weight={n.hop === 0 ? 600 : undefined}>
                  {short(n.accountId)}
                </text>
                <title>{`${n.accountId}${c ? ` · ${c.referenceCode} · ${label(c.status)}` : ''}`}</title>
              </>
            );
            return c ? (
              <a key={n.accountId} href={`#/cases/${c.id}`}>
                {circle}
              </a>
            ) : (
              <g key={n.accountId}>{circle}</g>
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
              <br />
              <span class="muted small">{via(n.accountId).join(' · ')}</span>
            </li>
          ))}
      </ol>
    </div>
  );
}
