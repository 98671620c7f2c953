import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorLine } from '../../components/error-line';
import { RingGraph, type Ring } from '../../components/ring-graph';
import { mergeRings } from '../../components/ring-merge';
import { useAction } from '../../components/use-action';
import { useApi } from '../../components/use-api';
import { type MessageKey, useT } from '../../i18n';
import { entityHref } from '../entity-page';
import { CaseRingGroup } from './case-ring-group';

/** How many accounts an analyst can grow the graph to at once: the API's ceiling, drawn within a second. */
const WIDE = 500;

/**
 * The case account's devices, IPs, card fingerprints and merchants, each a pivot to every account
 * sharing it, and the ring of linked accounts one or two hops out, which the analyst grows by
 * expanding accounts (the ring around each, one hop out, folded in) or by asking for more accounts.
 */
export function CaseRing({ caseId, accountId }: { caseId: string; accountId: string }) {
  const { t } = useT();
  const [hops, setHops] = useState<1 | 2>(2);
  const [wide, setWide] = useState(false);
  const { data: base } = useApi<Ring>(`/api/cases/${caseId}/ring?hops=${hops}${wide ? `&nodes=${WIDE}` : ''}`);
  const [expansions, setExpansions] = useState<Ring[]>([]);
  const [expanding, setExpanding] = useState<string | undefined>(undefined);
  const expand = useAction();
  // Another hop count or size starts the picture again.
  useEffect(() => setExpansions([]), [caseId, hops, wide]);
  const onExpand = (accountId: string) => {
    setExpanding(accountId);
    void expand
      .run(async () => {
        const more = await api<Ring>('GET', `/api/cases/${caseId}/ring?hops=1&around=${encodeURIComponent(accountId)}${wide ? `&nodes=${WIDE}` : ''}`);
        setExpansions((list) => [...list, more]);
      })
      .finally(() => setExpanding(undefined));
  };
  // One merged ring per fetch, so that the graph lays it out once, not on every filter change.
  const data = useMemo(() => base && mergeRings(base, expansions), [base, expansions]);
  if (!data) return null;
  const expanded = new Set(expansions.map((r) => r.accountId));
  const own = data.entities.filter((e) => e.hop === 1 && e.accounts.includes(accountId));
  const others = data.nodes.length - 1;
  return (
    <section class="case-ring">
      <h2>{t('pivots')}</h2>
      {own.length === 0 ? (
        <p class="muted">{t('noEntities')}</p>
      ) : (
        <ul class="pivots" data-testid="pivots">
          {own.map((e) => {
            const shared = e.accounts.length - 1;
            return (
              <li key={`${e.kind}:${e.value}`}>
                <span class="muted">{t(`entity_${e.kind}` as MessageKey)}</span>{' '}
                <a href={entityHref(e.kind, e.value)} data-kind={e.kind}>
                  <code>{e.masked}</code>
                </a>{' '}
                {shared > 0 && <span class="badge warn">{t(e.moreAccounts ? 'sharedWithMore' : 'sharedWith', { count: shared })}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <h2>
        {t('ring')}{' '}
        <span class="ring-hops">
          {([1, 2] as const).map((h) => (
            <button key={h} type="button" class={`link${h === hops ? ' active' : ''}`} aria-pressed={h === hops} onClick={() => setHops(h)}>
              {t('hops', { hops: h })}
            </button>
          ))}
          {data.truncated.nodes && !wide && (
            <button type="button" class="link" data-testid="ring-more" onClick={() => setWide(true)}>
              {t('linkMore', { nodes: WIDE })}
            </button>
          )}
        </span>
      </h2>
      <ErrorLine error={expand.error} />
      {others === 0 ? (
        <p class="muted" data-testid="ring-empty">
          {t('ringNone')}
        </p>
      ) : (
        <>
          <CaseRingGroup caseId={caseId} />
          <RingGraph ring={data} onExpand={onExpand} expanded={expanded} expanding={expanding} />
        </>
      )}
    </section>
  );
}
