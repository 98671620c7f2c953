import { type AccountEvent, validateAccountEvent } from '@sentinel/contracts';
import { ATTACK_FAMILIES } from './attack.story';
import { BENIGN_FAMILIES } from './benign.story';
import { Rng } from './rng';
import { DAY, type Label, MINUTE, type Story, type StoryFamily, StoryKit } from './story';

const MAX_AGE_DAYS = 380;

export const FAMILIES: readonly StoryFamily[] = [...BENIGN_FAMILIES, ...ATTACK_FAMILIES];

export interface Corpus {
  seed: number;
  anchor: string;
  stories: Story[];
  /** Every account's label, over all stories. */
  labels: Record<string, { family: string; label: Label; story: string }>;
  /** Every event, in event-time order (ties in story order). */
  events: AccountEvent[];
  /** Merchants or partners the roll-up should flag. */
  merchants: string[];
}

export interface CorpusOptions {
  seed: number;
  stories: number;
  /** The corpus's "now": every event lies at least a minute before it, so the detector's time window takes them. */
  anchorMs: number;
}

/** Stories per family, in proportion to the families' weights, every family at least once. */
function allocation(total: number): number[] {
  const weights = FAMILIES.map((f) => f.weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
  for (let i = 0; counts.reduce((a, b) => a + b, 0) < total; i = (i + 1) % counts.length) counts[i]++;
  return counts;
}

/**
 * The labelled corpus. The same seed and size give the same stories, accounts, ids and event times
 * relative to the anchor; only the anchor moves them in absolute time.
 */
export function generateCorpus({ seed, stories: total, anchorMs }: CorpusOptions): Corpus {
  if (total < FAMILIES.length) throw new Error(`a corpus needs at least ${FAMILIES.length} stories, one per family`);
  const stories: Story[] = [];
  const counts = allocation(total);
  FAMILIES.forEach((family, f) => {
    const short = family.name.split('.')[1];
    for (let i = 0; i < counts[f]; i++) {
      const id = `${short}-${String(i).padStart(3, '0')}`;
      const rng = Rng.for(seed, id);
      // Most stories end in the last three days and interleave as live traffic does; a fifth ended
      // weeks ago, as history a platform backfills when it adopts the monitor.
      const endMs = anchorMs - MINUTE - (rng.chance(0.2) ? rng.between(3, 60) : rng.between(0, 3)) * DAY;
      const kit = new StoryKit(rng, id, `s${seed}`, Math.floor(endMs));
      family.build(kit);
      for (const event of kit.events) {
        // The detector takes events up to EVENT_MAX_AGE_DAYS (400 by default) old; keep well inside.
        if (Date.parse(event.occurredAt) < anchorMs - MAX_AGE_DAYS * DAY) throw new Error(`story ${id} reaches back more than ${MAX_AGE_DAYS} days`);
        const checked = validateAccountEvent(event);
        if (!checked.ok) throw new Error(`story ${id} made an invalid event: ${checked.error.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`);
      }
      stories.push({ id, family: family.name, label: family.label, accounts: kit.accounts, merchants: kit.merchants, events: kit.events });
    }
  });
  const labels: Corpus['labels'] = {};
  for (const story of stories) for (const [accountId, label] of Object.entries(story.accounts)) labels[accountId] = { family: story.family, label, story: story.id };
  const events = stories.flatMap((s) => s.events);
  const order = new Map(events.map((e, i) => [e.id, i]));
  events.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || order.get(a.id)! - order.get(b.id)!);
  return { seed, anchor: new Date(anchorMs).toISOString(), stories, labels, events, merchants: stories.flatMap((s) => s.merchants) };
}
