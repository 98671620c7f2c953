import { FAMILIES, generateCorpus } from './generate-corpus';

const anchorMs = Date.parse('2026-11-29T12:00:00Z');

describe('the eval corpus', () => {
  it('is the same for the same seed, and different for another', () => {
    const a = generateCorpus({ seed: 7, stories: 60, heldoutStories: 0, anchorMs });
    const b = generateCorpus({ seed: 7, stories: 60, heldoutStories: 0, anchorMs });
    const c = generateCorpus({ seed: 8, stories: 60, heldoutStories: 0, anchorMs });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c.events.map((e) => e.occurredAt)).not.toEqual(a.events.map((e) => e.occurredAt));
  });

  it('covers at least twelve families, benign and attack, with at least 500 stories by default size', () => {
    const corpus = generateCorpus({ seed: 1, stories: 500, heldoutStories: 0, anchorMs });
    const families = new Set(corpus.stories.map((s) => s.family));
    expect(corpus.stories).toHaveLength(500);
    expect(families.size).toBe(FAMILIES.length);
    expect(FAMILIES.length).toBeGreaterThanOrEqual(12);
    for (const label of ['benign', 'attack'] as const) expect(FAMILIES.filter((f) => f.label === label).length).toBeGreaterThanOrEqual(6);
    // Every account is labelled, and every event belongs to a labelled account.
    expect(new Set(corpus.events.map((e) => e.accountId))).toEqual(new Set(Object.keys(corpus.labels)));
  });

  it.each([1, 2, 3, 4])('seed %i: events lie within the detector time window, in event-time order, with unique ids', (seed) => {
    const corpus = generateCorpus({ seed, stories: 200, heldoutStories: 0, anchorMs });
    const times = corpus.events.map((e) => Date.parse(e.occurredAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(anchorMs - 60_000);
    expect(Math.min(...times)).toBeGreaterThan(anchorMs - 380 * 86_400_000);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(new Set(corpus.events.map((e) => e.id)).size).toBe(corpus.events.length);
  });

  it('varies channel, actor, timing and amounts, and gives cards fingerprints', () => {
    const { events } = generateCorpus({ seed: 1, stories: 200, heldoutStories: 0, anchorMs });
    const channels = new Set(events.map((e) => (e.channel.startsWith('partner:') ? 'partner' : e.channel)));
    expect([...channels].sort()).toEqual(['app', 'partner', 'support', 'system', 'web']);
    expect(new Set(events.map((e) => e.actor.kind))).toEqual(new Set(['borrower', 'agent', 'partner', 'system']));
    const loans = events.flatMap((e) => (e.type === 'loan.opened' ? [e.payload.amountMinor] : []));
    expect(new Set(loans).size).toBeGreaterThan(50);
    expect(events.filter((e) => e.type === 'card.bound').every((e) => e.type === 'card.bound' && e.payload.card.fingerprint)).toBe(true);
  });

  it('labels victims of multi-account attacks and the preying merchants', () => {
    const corpus = generateCorpus({ seed: 1, stories: 2 * FAMILIES.length, heldoutStories: 0, anchorMs });
    const preying = corpus.stories.filter((s) => s.family === 'attack.merchant-preying');
    expect(preying.length).toBeGreaterThan(0);
    for (const story of preying) {
      expect(Object.values(story.accounts)).toEqual(Array(6).fill('attack'));
      expect(story.merchants).toHaveLength(1);
    }
    const benign = corpus.stories.filter((s) => s.label === 'benign');
    expect(benign.every((s) => Object.values(s.accounts).every((l) => l === 'benign') && s.merchants.length === 0)).toBe(true);
  });
});
