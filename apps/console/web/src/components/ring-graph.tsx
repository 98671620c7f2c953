import type { ApiSchema } from '../api-types';
import { type MessageKey, useT } from '../i18n';

/** GET /api/cases/{id}/ring */
export type Ring = ApiSchema<'CaseRing'>;

const SIZE = 320;
const CENTER = SIZE / 2;
// Room around the circle for the outer ring's labels.
const PAD = 56;
const KIND_COLOUR: Record<string, string> = { card: '#b3261e', device: '#1f5fbf', ip: '#a15c00', merchant: '#5b3f99' };
const STATUS_COLOUR: Record<string, string> = { open: '#fde7e5', in_review: '#e8eef8', resolved: '#e6f4ea' };

/**
 * Where each account sits: the case's own in the middle, each hop on a ring of its own (one hop
 * alone takes the outer ring), its label outside it, pointing away from the middle.
 */
function layout(nodes: Ring['nodes']) {
  const radius = nodes.some((n) => n.hop === 2) ? [0, 72, 140] : [0, 130];
  const at = new Map<string, { x: number; y: number; label: { x: number; y: number; anchor: string } }>();
  for (const hop of [0, 1, 2]) {
    const ring = nodes.filter((n) => n.hop === hop);
    ring.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / ring.length - Math.PI / 2 + hop * 0.35;
      const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
      const r = radius[hop] ?? 0;
      const out =
        hop === 0
          ? { x: CENTER, y: CENTER + 28, anchor: 'middle' }
          : { x: CENTER + (r + 14) * cos, y: CENTER + (r + 14) * sin + 3, anchor: cos > 0.3 ? 'start' : cos < -0.3 ? 'end' : 'middle' };
      if (hop > 0 && Math.abs(cos) <= 0.3) out.y += sin > 0 ? 6 : -4;
      at.set(n.accountId, { x: CENTER + r * cos, y: CENTER + r * sin, label: out });
    });
  }
  return at;
}

const short = (accountId: string) => (accountId.length > 10 ? `…${accountId.slice(-8)}` : accountId);

/**
 * The accounts linked to a case as a small graph: a line for each shared device, IP, card or
 * merchant, coloured by kind; each account's circle by its case's status, and a link to it. The
 * list beside it says the same in words, for screen readers and for reading at phone width.
 */
export function RingGraph({ ring }: { ring: Ring }) {
  const { t, label } = useT();
  const at = layout(ring.nodes);
  const lines = ring.entities.flatMap((e) => {
    const [first, ...rest] = e.accounts.filter((a) => at.has(a));
    return rest.map((other) => ({ key: `${e.kind}:${e.value}:${other}`, kind: e.kind, from: at.get(first)!, to: at.get(other)! }));
  });
  const via = (accountId: string) =>
    ring.entities
      .filter((e) => e.accounts.includes(accountId) && e.accounts.some((a) => a !== accountId && at.has(a)))
      .map((e) => `${t(`entity_${e.kind}` as MessageKey)} ${e.masked}`);
  const cut = ring.truncated.nodes || ring.truncated.accounts || ring.truncated.entities;
  return (
    <div class="ring">
      {cut && (
        <p class="badge warn ring-cut" data-testid="ring-truncated">
          {t('ringTruncated', { nodes: ring.limits.maxNodes, perEntity: ring.limits.accountsPerEntity })}
        </p>
      )}
      <div class="ring-figure">
        <svg viewBox={`${-PAD} ${-PAD / 2} ${SIZE + 2 * PAD} ${SIZE + PAD}`} role="img" aria-label={t('ringGraph')} class="ring-graph" data-testid="ring-graph">
          {lines.map((l) => (
            <line key={l.key} x1={l.from.x} y1={l.from.y} x2={l.to.x} y2={l.to.y} stroke={KIND_COLOUR[l.kind]} stroke-width="1.5" opacity="0.7" />
          ))}
          {ring.nodes.map((n) => {
            const p = at.get(n.accountId)!;
            const circle = (
              <>
                <circle
                  cx={p.x}
                  cy={p.y}
                  r={n.hop === 0 ? 14 : 10}
                  fill={n.case ? STATUS_COLOUR[n.case.status] : '#f1f3f5'}
                  stroke={n.hop === 0 ? '#1d2430' : '#6b7380'}
                  stroke-width={n.hop === 0 ? 2 : 1}
                />
                <text x={p.label.x} y={p.label.y} text-anchor={p.label.anchor} font-size="10">
                  {short(n.accountId)}
                </text>
                <title>{`${n.accountId}${n.case ? ` · ${n.case.referenceCode} · ${label(n.case.status)}` : ''}`}</title>
              </>
            );
            return n.case ? (
              <a key={n.accountId} href={`#/cases/${n.case.id}`}>
                {circle}
              </a>
            ) : (
              <g key={n.accountId}>{circle}</g>
            );
          })}
        </svg>
        <p class="ring-legend small">
          {Object.entries(KIND_COLOUR).map(([kind, colour]) => (
            <span key={kind}>
              <i style={{ background: colour }} /> {t(`entity_${kind}` as MessageKey)}
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
