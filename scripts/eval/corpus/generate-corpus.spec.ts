import { type AccountEvent, validateAccountEvent } from '@sentinel/contracts';
import { FIFTH_ATTACK_FAMILIES } from './fifth-attack.story';
import { FIFTH_BENIGN_FAMILIES } from './fifth-benign.story';
import { FOURTH_ATTACK_FAMILIES } from './fourth-attack.story';
import { FOURTH_BENIGN_FAMILIES } from './fourth-benign.story';
import { EIGHTH_ATTACK_FAMILIES } from './eighth-attack.story';
import { EIGHTH_BENIGN_FAMILIES } from './eighth-benign.story';
import { defaultAnchor, FAMILIES, familiesIn, familyNamed, generateCorpus } from './generate-corpus';
import { SEVENTH_ATTACK_FAMILIES } from './seventh-attack.story';
import { SEVENTH_BENIGN_FAMILIES } from './seventh-benign.story';
import { SIXTH_ATTACK_FAMILIES } from './sixth-attack.story';
import { SIXTH_BENIGN_FAMILIES } from './sixth-benign.story';

const anchorMs = Date.parse('2026-11-29T12:00:00Z');

describe('the eval corpus', () => {
  it('is the same for the same seed, and different for another', () => {
    const a = generateCorpus({ seed: 7, stories: 100, heldoutStories: 0, anchorMs });
    const b = generateCorpus({ seed: 7, stories: 100, heldoutStories: 0, anchorMs });
    const c = generateCorpus({ seed: 8, stories: 100, heldoutStories: 0, anchorMs });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c.events.map((e) => e.occurredAt)).not.toEqual(a.events.map((e) => e.occurredAt));
  });

  it('by default anchors at the last midnight in China, so a run at any hour of one day makes the same corpus', () => {
    // 16:00 UTC is midnight in China: runs at 16:00 and 15:59 the next day share it, 15:59 before does not.
    const midnight = Date.parse('2026-12-06T16:00:00Z');
    expect(defaultAnchor(midnight)).toBe(midnight);
    expect(defaultAnchor(Date.parse('2026-12-07T15:59:59Z'))).toBe(midnight);
    expect(defaultAnchor(Date.parse('2026-12-06T15:59:59Z'))).toBe(midnight - 86_400_000);
    const early = generateCorpus({ seed: 2, stories: 100, heldoutStories: familiesIn('heldout').length, anchorMs: defaultAnchor(Date.parse('2026-12-07T01:00:00Z')) });
    const late = generateCorpus({ seed: 2, stories: 100, heldoutStories: familiesIn('heldout').length, anchorMs: defaultAnchor(Date.parse('2026-12-07T13:00:00Z')) });
    expect(late.events).toEqual(early.events);
  });

  it('covers at least twelve families, benign and attack, with at least 500 stories by default size', () => {
    const corpus = generateCorpus({ seed: 1, stories: 500, heldoutStories: 250, anchorMs });
    const families = new Set(corpus.stories.map((s) => s.family));
    expect(corpus.stories).toHaveLength(750);
    expect(families.size).toBe(FAMILIES.length);
    expect(FAMILIES.length).toBeGreaterThanOrEqual(12);
    for (const label of ['benign', 'attack'] as const) expect(FAMILIES.filter((f) => f.label === label).length).toBeGreaterThanOrEqual(6);
    // Every account is labelled, and every event belongs to a labelled account.
    expect(new Set(corpus.events.map((e) => e.accountId))).toEqual(new Set(Object.keys(corpus.labels)));
  });

  it.each([1, 2, 3, 4])('seed %i: events lie within the detector time window, in event-time order, with unique ids', (seed) => {
    const corpus = generateCorpus({ seed, stories: 200, heldoutStories: 50, anchorMs });
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

describe('the held-out families', () => {
  const corpus = generateCorpus({ seed: 3, stories: familiesIn('described').length, heldoutStories: 60, anchorMs });
  const heldout = corpus.stories.filter((s) => s.group === 'heldout');
  const heldoutEvents = corpus.events.filter((e) => corpus.labels[e.accountId].group === 'heldout');

  it('are at least five attacks and five benign look-alikes, each tagged heldout, beside the described ones', () => {
    const names = familiesIn('heldout').map((f) => f.name);
    expect(familiesIn('heldout').filter((f) => f.label === 'attack').length).toBeGreaterThanOrEqual(5);
    expect(familiesIn('heldout').filter((f) => f.label === 'benign').length).toBeGreaterThanOrEqual(5);
    // 21 that earlier issues described, the 10 first held out for issue #21, the 14 held out after
    // them (unseen-*.story.ts), the 12 of the third batch (blind-*.story.ts), the 12 of the fourth
    // (fourth-*.story.ts), the 12 of the fifth (fifth-*.story.ts) and the 12 of the sixth
    // (sixth-*.story.ts), each tuned on since, and the seventh batch's one tuned on in #21.
    expect(familiesIn('described')).toHaveLength(94);
    expect(new Set(heldout.map((s) => s.family))).toEqual(new Set(names));
    expect(heldout).toHaveLength(60);
  });

  it("have names whose stories cannot collide with another family's", () => {
    const shorts = FAMILIES.map((f) => f.name.split('.')[1]);
    expect(new Set(shorts).size).toBe(FAMILIES.length);
  });

  it('label every account of a story as its family does, with the group and the channels its contacts reach', () => {
    for (const story of heldout) {
      for (const [accountId, label] of Object.entries(story.accounts)) {
        expect(label).toBe(story.label);
        expect(corpus.labels[accountId]).toMatchObject({ family: story.family, group: 'heldout', label: story.label, story: story.id });
        // Every borrower gives a phone number when they join; most give an email too.
        expect(corpus.labels[accountId].channels.sms).toBe(true);
      }
    }
  });

  it('make only events the contract accepts', () => {
    const refused = corpus.events.flatMap((event) => {
      const result = validateAccountEvent(event);
      return result.ok ? [] : [`${event.id}: ${result.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`];
    });
    expect(refused).toEqual([]);
  });

  it('do not change the described corpus, story for story', () => {
    const without = generateCorpus({ seed: 3, stories: familiesIn('described').length, heldoutStories: 0, anchorMs });
    expect(corpus.stories.filter((s) => s.group === 'described')).toEqual(without.stories);
  });

  it('vary what a family does: unbinds with and without the holder name, consent methods, channels and actors', () => {
    const unbinds = heldoutEvents.filter((e) => e.type === 'card.unbound');
    const withName = unbinds.filter((e) => e.type === 'card.unbound' && e.payload.card.holderName !== undefined);
    expect(withName.length).toBeGreaterThan(0);
    expect(withName.length).toBeLessThan(unbinds.length);
    const methods = new Set(heldoutEvents.flatMap((e) => (e.type === 'consent.verified' ? [e.payload.method] : [])));
    expect([...methods].sort()).toEqual(['esign', 'face', 'otp']);
    const channels = new Set(heldoutEvents.map((e) => (e.channel.startsWith('partner:') ? 'partner' : e.channel)));
    // The seventh batch (seventh-*.story.ts) has support and system stories, as the earlier ones had.
    expect([...channels].sort()).toEqual(['app', 'partner', 'support', 'system', 'web']);
    expect([...new Set(heldoutEvents.map((e) => e.actor.kind))].sort()).toEqual(['agent', 'borrower', 'partner', 'system']);
    // Loans with no consent at all, in either group.
    const consented = new Set(corpus.events.flatMap((e) => (e.type === 'consent.verified' && e.payload.purpose === 'loan' ? [e.accountId] : [])));
    expect(corpus.events.some((e) => e.type === 'loan.opened' && !consented.has(e.accountId))).toBe(true);
  });

  it('have a broker that should be flagged, and honest partners that should not (unseen-*.story.ts, described since)', () => {
    const brokers = corpus.stories.filter((s) => s.family === 'attack.quote-agent-loans');
    expect(brokers.length).toBeGreaterThan(0);
    for (const story of brokers) {
      expect(Object.keys(story.accounts).length).toBeGreaterThanOrEqual(3);
      expect(Object.values(story.accounts).every((l) => l === 'attack')).toBe(true);
      expect(story.merchants).toHaveLength(1);
      expect(story.events.filter((e) => e.type === 'loan.opened').every((e) => e.channel === `partner:${story.merchants[0]}`)).toBe(true);
    }
    const flagging = [
      'attack.quote-agent-loans',
      'attack.shop-clerk-consent-reuse',
      'attack.merchant-preying',
      'attack.cloned-partner-app',
      'attack.health-lecture-elderly',
      'attack.apartment-rent-loan',
      'attack.lead-partner-token-loans',
    ];
    expect(corpus.stories.filter((s) => !flagging.includes(s.family)).every((s) => s.merchants.length === 0)).toBe(true);
    const sprees = corpus.stories.filter((s) => s.family === 'benign.festival-spree');
    expect(sprees.length).toBeGreaterThan(0);
    for (const story of sprees) {
      const partners = new Set(story.events.flatMap((e) => (e.type === 'loan.opened' && e.payload.merchantId ? [e.payload.merchantId] : [])));
      expect(partners.size).toBeGreaterThanOrEqual(2);
    }
  });

  it("bind a relative's card in the borrower's surname (unseen-*.story.ts, described since)", () => {
    const stories = corpus.stories.filter((s) => s.family === 'benign.relative-card-face');
    expect(stories.length).toBeGreaterThan(0);
    for (const story of stories) {
      const holders = story.events.flatMap((e) => (e.type === 'card.bound' && e.accountId.endsWith('-a') ? [e.payload.card.holderName!] : []));
      expect(holders).toHaveLength(2);
      expect(holders[1]).not.toBe(holders[0]);
      expect(holders[1].slice(0, 1)).toBe(holders[0].slice(0, 1));
    }
  });
});

describe('the third batch of held-out families (blind-*.story.ts)', () => {
  const corpus = generateCorpus({ seed: 4, stories: familiesIn('described').length, heldoutStories: 4 * familiesIn('heldout').length, anchorMs });
  const stories = (family: string) => {
    const found = corpus.stories.filter((s) => s.family === family);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };

  it('are six attacks and six look-alikes after those of unseen-*.story.ts, described since they were tuned on', () => {
    const names = FAMILIES.map((f) => f.name);
    const blind = names.slice(names.indexOf('attack.hijacked-checkout-session') + 1, names.indexOf(FOURTH_BENIGN_FAMILIES[0].name));
    expect(blind).toHaveLength(12);
    expect(blind.every((name) => familyNamed(name)?.group === 'described')).toBe(true);
    expect(blind.filter((name) => name.startsWith('attack.'))).toHaveLength(6);
  });

  it("flag the store whose salesperson reuses its customers' consents, every customer a victim", () => {
    for (const story of stories('attack.shop-clerk-consent-reuse')) {
      expect(story.merchants).toHaveLength(1);
      expect(Object.keys(story.accounts).length).toBeGreaterThanOrEqual(3);
      expect(Object.values(story.accounts).every((l) => l === 'attack')).toBe(true);
      expect(story.events.filter((e) => e.type === 'loan.opened').every((e) => e.channel === `partner:${story.merchants[0]}`)).toBe(true);
    }
  });

  it("run a farm's accounts one per phone, each behind more than one address", () => {
    for (const story of stories('attack.simbox-identity-farm')) {
      const accounts = Object.keys(story.accounts);
      expect(accounts.length).toBeGreaterThanOrEqual(3);
      const devices = accounts.map((a) => new Set(story.events.flatMap((e) => (e.accountId === a && e.device ? [e.device.id] : []))));
      expect(devices.every((d) => d.size === 1)).toBe(true);
      expect(new Set(devices.map((d) => [...d][0])).size).toBe(accounts.length);
      for (const a of accounts) expect(new Set(story.events.flatMap((e) => (e.accountId === a && e.device?.ip ? [e.device.ip] : []))).size).toBeGreaterThan(1);
    }
  });

  it("put the child's phone in the parent's account, and flag no merchant for a look-alike", () => {
    for (const story of stories('benign.child-helps-parent')) {
      const parent = Object.keys(story.accounts).find((a) => a.endsWith('-p'))!;
      expect(new Set(story.events.flatMap((e) => (e.accountId === parent && e.device ? [e.device.id] : []))).size).toBeGreaterThan(1);
    }
    expect(corpus.stories.filter((s) => s.group === 'heldout' && s.label === 'benign').every((s) => s.merchants.length === 0)).toBe(true);
  });
});

describe('the fourth batch of held-out families (fourth-*.story.ts, described since)', () => {
  const corpus = generateCorpus({ seed: 6, stories: 4 * familiesIn('described').length, heldoutStories: 0, anchorMs });
  const stories = (family: string) => {
    const found = corpus.stories.filter((s) => s.family === family);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };
  const loans = (story: { events: AccountEvent[] }) => story.events.flatMap((e) => (e.type === 'loan.opened' ? [e] : []));

  it('are six attacks and six look-alikes after those of blind-*.story.ts, described since they were tuned on', () => {
    const names = FAMILIES.map((f) => f.name);
    const fourth = [...FOURTH_BENIGN_FAMILIES, ...FOURTH_ATTACK_FAMILIES].map((f) => f.name);
    expect(names.slice(-53, -41)).toEqual(fourth);
    expect(fourth.every((name) => familyNamed(name)?.group === 'described')).toBe(true);
    expect(FOURTH_ATTACK_FAMILIES.every((f) => f.label === 'attack' && f.name.startsWith('attack.'))).toBe(true);
    expect(FOURTH_BENIGN_FAMILIES.every((f) => f.label === 'benign' && f.name.startsWith('benign.'))).toBe(true);
    expect(FOURTH_ATTACK_FAMILIES).toHaveLength(6);
    expect(FOURTH_BENIGN_FAMILIES).toHaveLength(6);
  });

  it("flag the cloned app's sub-merchant, not the honest gateway whose channel its loans come through", () => {
    for (const story of stories('attack.cloned-partner-app')) {
      expect(story.merchants).toHaveLength(1);
      expect(Object.keys(story.accounts).length).toBeGreaterThanOrEqual(3);
      for (const loan of loans(story)) {
        expect(loan.payload.merchantId).toBe(story.merchants[0]);
        expect(loan.channel).not.toBe(`partner:${story.merchants[0]}`);
        expect(loan.channel.startsWith('partner:')).toBe(true);
      }
    }
  });

  it("put one collector's console behind every borrower of a collection story, and no contact changed by an agent", () => {
    for (const story of stories('attack.collector-rollover-loans')) {
      const agents = new Set(story.events.flatMap((e) => (e.actor.kind === 'agent' ? [e.actor.id] : [])));
      expect(agents.size).toBeLessThanOrEqual(1);
      expect(Object.keys(story.accounts).length).toBeGreaterThanOrEqual(2);
      expect(story.events.some((e) => e.type === 'contact.changed' && e.actor.kind === 'agent')).toBe(false);
    }
  });

  it('bind several cards in other names on a card-testing bench', () => {
    for (const story of stories('attack.card-testing-bench')) {
      const holders = new Set(story.events.flatMap((e) => (e.type === 'card.bound' && e.payload.card.holderName ? [e.payload.card.holderName] : [])));
      expect(holders.size).toBeGreaterThanOrEqual(3);
    }
  });

  it('use one handset for both accounts of a couple with one phone', () => {
    for (const story of stories('benign.couple-one-phone')) {
      const [h, w] = Object.keys(story.accounts);
      const devices = (a: string) => new Set(story.events.flatMap((e) => (e.accountId === a && e.device ? [e.device.id] : [])));
      expect([...devices(w)].every((d) => devices(h).has(d))).toBe(true);
    }
  });

  it('re-bind the same card (one fingerprint, a new ref) in a payment-processor migration, the system unbinding the old', () => {
    for (const story of stories('benign.payment-processor-migration')) {
      for (const account of Object.keys(story.accounts)) {
        const events = story.events.filter((e) => e.accountId === account);
        const unbinds = events.flatMap((e) => (e.type === 'card.unbound' && e.channel === 'system' ? [e.payload.card] : []));
        expect(unbinds).toHaveLength(1);
        const rebound = events.flatMap((e) => (e.type === 'card.bound' && e.payload.card.fingerprint === unbinds[0].fingerprint ? [e.payload.card.ref] : []));
        expect(new Set(rebound).size).toBe(2);
      }
    }
  });

  it('flag no merchant for a look-alike', () => {
    const fourth = FOURTH_BENIGN_FAMILIES.map((f) => f.name);
    expect(corpus.stories.filter((s) => fourth.includes(s.family)).every((s) => s.merchants.length === 0)).toBe(true);
  });
});

describe('the fifth batch of held-out families (fifth-*.story.ts, described since)', () => {
  const corpus = generateCorpus({ seed: 9, stories: 4 * familiesIn('described').length, heldoutStories: 0, anchorMs });
  const stories = (family: string) => {
    const found = corpus.stories.filter((s) => s.family === family);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };
  const loans = (story: { events: AccountEvent[] }) => story.events.flatMap((e) => (e.type === 'loan.opened' ? [e] : []));

  it('are six attacks and six look-alikes after those of fourth-*.story.ts, described since they were tuned on', () => {
    const names = FAMILIES.map((f) => f.name);
    const fifth = [...FIFTH_BENIGN_FAMILIES, ...FIFTH_ATTACK_FAMILIES].map((f) => f.name);
    expect(names.slice(-41, -29)).toEqual(fifth);
    expect(fifth.every((name) => familyNamed(name)?.group === 'described')).toBe(true);
    expect(FIFTH_ATTACK_FAMILIES.every((f) => f.label === 'attack' && f.name.startsWith('attack.'))).toBe(true);
    expect(FIFTH_BENIGN_FAMILIES.every((f) => f.label === 'benign' && f.name.startsWith('benign.'))).toBe(true);
    expect(FIFTH_ATTACK_FAMILIES).toHaveLength(6);
    expect(FIFTH_BENIGN_FAMILIES).toHaveLength(6);
  });

  it("flag the health-products company whose staff book the pensioners' purchases, every pensioner a victim", () => {
    for (const story of stories('attack.health-lecture-elderly')) {
      expect(story.merchants).toHaveLength(1);
      expect(Object.keys(story.accounts).length).toBeGreaterThanOrEqual(3);
      expect(Object.values(story.accounts).every((l) => l === 'attack')).toBe(true);
      expect(loans(story).every((e) => e.payload.merchantId === story.merchants[0] && e.channel === `partner:${story.merchants[0]}`)).toBe(true);
    }
  });

  it("change no contact on a recycled number's account: the codes already reach its new holder", () => {
    for (const story of stories('attack.recycled-number-takeover')) {
      const phones = story.events.filter((e) => e.type === 'contact.changed' && e.payload.kind === 'phone');
      expect(phones).toHaveLength(1);
    }
  });

  it("open the parent's account on the son's phone, never on the parent's own", () => {
    for (const story of stories('attack.parent-identity-account')) {
      const devices = new Set(story.events.flatMap((e) => (e.device ? [e.device.id] : [])));
      expect(devices.size).toBe(1);
      expect(loans(story).length).toBeGreaterThanOrEqual(2);
    }
  });

  it("put one office's phone number on the clients of a debt-relief agency who handed theirs over", () => {
    for (const story of stories('attack.debt-relief-agency')) {
      expect(Object.keys(story.accounts).length).toBeGreaterThanOrEqual(2);
      const numbers = story.events.flatMap((e) => (e.type === 'contact.changed' && e.payload.kind === 'phone' && e.channel === 'web' ? [e.payload.value] : []));
      expect(new Set(numbers).size).toBeLessThanOrEqual(1);
    }
  });

  it('sign villagers in on one tablet at the service point', () => {
    for (const story of stories('benign.village-service-point')) {
      const devices = Object.keys(story.accounts).map((a) => new Set(story.events.flatMap((e) => (e.accountId === a && e.device ? [e.device.id] : []))));
      const tablets = devices.map((d) => [...d].filter((id) => id.includes('-pad')));
      expect(new Set(tablets.flat()).size).toBe(1);
    }
  });

  it('give the night driver IPv6 addresses, and the commuter Hong Kong ones', () => {
    for (const story of stories('benign.night-shift-ride-hailing')) expect(story.events.some((e) => e.device?.ip?.includes(':'))).toBe(true);
    const hongKong = ['218.102.', '219.77.', '112.118.', '42.2.', '113.252.', '118.140.', '203.218.', '14.136.', '58.176.', '223.18.'];
    for (const story of stories('benign.cross-border-commuter')) expect(story.events.some((e) => hongKong.some((p) => e.device?.ip?.startsWith(p)))).toBe(true);
  });

  it('flag no merchant for a look-alike', () => {
    const fifth = FIFTH_BENIGN_FAMILIES.map((f) => f.name);
    expect(corpus.stories.filter((s) => fifth.includes(s.family)).every((s) => s.merchants.length === 0)).toBe(true);
  });
});

describe('the sixth batch of held-out families (sixth-*.story.ts, described since)', () => {
  const corpus = generateCorpus({ seed: 11, stories: 4 * familiesIn('described').length, heldoutStories: 0, anchorMs });
  const stories = (family: string) => {
    const found = corpus.stories.filter((s) => s.family === family);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };
  const loans = (story: { events: AccountEvent[] }) => story.events.flatMap((e) => (e.type === 'loan.opened' ? [e] : []));
  const devicesOf = (story: { events: AccountEvent[] }, account: string) => new Set(story.events.flatMap((e) => (e.accountId === account && e.device ? [e.device.id] : [])));

  it('are six attacks and six look-alikes after those of fifth-*.story.ts, described since they were tuned on', () => {
    const names = FAMILIES.map((f) => f.name);
    const sixth = [...SIXTH_BENIGN_FAMILIES, ...SIXTH_ATTACK_FAMILIES].map((f) => f.name);
    expect(names.slice(-29, -17)).toEqual(sixth);
    expect(sixth.every((name) => familyNamed(name)?.group === 'described')).toBe(true);
    expect(SIXTH_ATTACK_FAMILIES.every((f) => f.label === 'attack' && f.name.startsWith('attack.'))).toBe(true);
    expect(SIXTH_BENIGN_FAMILIES.every((f) => f.label === 'benign' && f.name.startsWith('benign.'))).toBe(true);
    expect(SIXTH_ATTACK_FAMILIES).toHaveLength(6);
    expect(SIXTH_BENIGN_FAMILIES).toHaveLength(6);
  });

  it('flag the apartment operator whose "leases" are rent loans, every tenant a victim', () => {
    for (const story of stories('attack.apartment-rent-loan')) {
      expect(story.merchants).toHaveLength(1);
      expect(Object.keys(story.accounts).length).toBeGreaterThanOrEqual(2);
      expect(Object.values(story.accounts).every((l) => l === 'attack')).toBe(true);
      expect(loans(story).every((e) => e.payload.merchantId === story.merchants[0] && e.channel === `partner:${story.merchants[0]}`)).toBe(true);
    }
  });

  it("flag the lead partner that borrows on its users' tokens, through its own channel with its one-tap login", () => {
    for (const story of stories('attack.lead-partner-token-loans')) {
      expect(story.merchants).toHaveLength(1);
      expect(Object.keys(story.accounts).length).toBeGreaterThanOrEqual(3);
      expect(loans(story).every((e) => e.channel === `partner:${story.merchants[0]}`)).toBe(true);
      expect(story.events.some((e) => e.type === 'device.login' && e.payload.method === 'sso' && e.actor.kind === 'partner')).toBe(true);
    }
  });

  it("bind the workers' payroll cards, one bank's batch, from the agency's office", () => {
    for (const story of stories('attack.labour-agency-payroll-cards')) {
      const accounts = Object.keys(story.accounts);
      expect(accounts.length).toBeGreaterThanOrEqual(2);
      const firstCards = accounts.map((a) => story.events.find((e) => e.accountId === a && e.type === 'card.bound'));
      expect(new Set(firstCards.map((e) => e?.type === 'card.bound' && e.payload.card.first6)).size).toBe(1);
      const addresses = accounts.map((a) => new Set(story.events.flatMap((e) => (e.accountId === a && e.device?.ip ? [e.device.ip] : []))));
      expect(addresses.every((set) => set.size === 1)).toBe(true);
      expect(new Set(addresses.map((set) => [...set][0])).size).toBe(1);
    }
  });

  it("bring the sold phone back on the seller's account, while the seller uses a new one", () => {
    for (const story of stories('attack.resold-phone-signed-in')) {
      const [account] = Object.keys(story.accounts);
      expect(devicesOf(story, account).size).toBeGreaterThanOrEqual(2);
      expect(loans(story).length).toBeGreaterThanOrEqual(1);
    }
  });

  it("reset the retiree's password at the hotline and renew an ID that had expired", () => {
    for (const story of stories('benign.expired-id-hotline-renewal')) {
      expect(story.events.some((e) => e.type === 'password.reset' && e.payload.method === 'support' && e.actor.kind === 'agent')).toBe(true);
      const documents = story.events.flatMap((e) => (e.type === 'identity.document.updated' ? [e.payload] : []));
      expect(documents).toHaveLength(2);
      expect(documents[1].numberLast4).toBe(documents[0].numberLast4);
      expect(story.events.some((e) => e.type === 'card.invalidated' && e.channel === 'system')).toBe(true);
    }
  });

  it('put the handed-down phone on both accounts, and the recycled number on both accounts', () => {
    for (const story of stories('benign.hand-me-down-phone')) {
      const [a, b] = Object.keys(story.accounts);
      expect([...devicesOf(story, b)].some((d) => devicesOf(story, a).has(d))).toBe(true);
    }
    for (const story of stories('benign.recycled-number-new-holder')) {
      const [p, n] = Object.keys(story.accounts);
      const first = (a: string) => story.events.find((e) => e.accountId === a && e.type === 'contact.changed' && e.payload.kind === 'phone');
      expect(first(n)).toMatchObject({ payload: first(p)!.payload });
    }
  });

  it('flag no merchant for a look-alike', () => {
    const sixth = SIXTH_BENIGN_FAMILIES.map((f) => f.name);
    expect(corpus.stories.filter((s) => sixth.includes(s.family)).every((s) => s.merchants.length === 0)).toBe(true);
  });
});

describe('the seventh batch of held-out families (seventh-*.story.ts)', () => {
  const corpus = generateCorpus({ seed: 13, stories: familiesIn('described').length, heldoutStories: 4 * familiesIn('heldout').length, anchorMs });
  const stories = (family: string) => {
    const found = corpus.stories.filter((s) => s.family === family);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };
  const loans = (story: { events: AccountEvent[] }) => story.events.flatMap((e) => (e.type === 'loan.opened' ? [e] : []));
  const devicesOf = (story: { events: AccountEvent[] }, account: string) => new Set(story.events.flatMap((e) => (e.accountId === account && e.device ? [e.device.id] : [])));
  const addressesOf = (story: { events: AccountEvent[] }, account: string) => new Set(story.events.flatMap((e) => (e.accountId === account && e.device?.ip ? [e.device.ip] : [])));

  it('are six attacks and six look-alikes, held out but for the one tuned on in #21, after those of sixth-*.story.ts', () => {
    const names = FAMILIES.map((f) => f.name);
    const seventh = [...SEVENTH_BENIGN_FAMILIES, ...SEVENTH_ATTACK_FAMILIES].map((f) => f.name);
    const eighth = [...EIGHTH_BENIGN_FAMILIES, ...EIGHTH_ATTACK_FAMILIES].map((f) => f.name);
    expect(names.slice(-17, -5)).toEqual(seventh);
    expect(seventh.filter((name) => familyNamed(name)?.group === 'described')).toEqual(['attack.lost-id-lookalike-account']);
    expect(familiesIn('heldout').map((f) => f.name)).toEqual([...seventh.filter((name) => name !== 'attack.lost-id-lookalike-account'), ...eighth]);
    expect(SEVENTH_ATTACK_FAMILIES.every((f) => f.label === 'attack' && f.name.startsWith('attack.'))).toBe(true);
    expect(SEVENTH_BENIGN_FAMILIES.every((f) => f.label === 'benign' && f.name.startsWith('benign.'))).toBe(true);
    expect(SEVENTH_ATTACK_FAMILIES).toHaveLength(6);
    expect(SEVENTH_BENIGN_FAMILIES).toHaveLength(6);
  });

  it("have the pyramid house's recruits borrow on their own phones, all on the flat's one line", () => {
    for (const story of stories('attack.pyramid-house-borrowing')) {
      const accounts = Object.keys(story.accounts);
      expect(accounts.length).toBeGreaterThanOrEqual(2);
      // Their own loans from before may come from anywhere; the last ones, from the flat.
      const lastLoans = accounts.map((a) =>
        loans(story)
          .filter((e) => e.accountId === a)
          .pop(),
      );
      expect(new Set(lastLoans.map((e) => e?.device?.ip)).size).toBe(1);
      const phones = accounts.map((a) => [...devicesOf(story, a)]);
      expect(new Set(phones.flat()).size).toBe(phones.flat().length);
    }
  });

  it("have the child and the carer act on the parent's own phone, no other device in the account's app", () => {
    for (const family of ['attack.child-coached-on-parent-phone', 'attack.live-in-carer-drain']) {
      for (const story of stories(family)) {
        const [account] = Object.keys(story.accounts);
        const apps = new Set(story.events.flatMap((e) => (e.accountId === account && e.channel === 'app' && e.device ? [e.device.id] : [])));
        expect(apps.size).toBe(1);
        expect(loans(story).length).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it("bind a relative's card (the borrower's surname) on the phone left at home, while the borrower signs in from abroad", () => {
    for (const story of stories('attack.abroad-worker-left-sim')) {
      const holders = story.events.flatMap((e) => (e.type === 'card.bound' ? [e.payload.card.holderName!] : []));
      expect(holders).toHaveLength(2);
      expect(holders[1]).not.toBe(holders[0]);
      expect(holders[1].slice(0, 1)).toBe(holders[0].slice(0, 1));
      const [account] = Object.keys(story.accounts);
      expect(devicesOf(story, account).size).toBeGreaterThanOrEqual(2);
    }
  });

  it("open the look-alike's account on one phone, with a card in the holder's own name", () => {
    for (const story of stories('attack.lost-id-lookalike-account')) {
      const borrowerDevices = new Set(story.events.flatMap((e) => (e.actor.kind === 'borrower' && e.device ? [e.device.id] : [])));
      expect(borrowerDevices.size).toBe(1);
      const bound = story.events.flatMap((e) => (e.type === 'card.bound' ? [e.payload.card] : []));
      expect(bound).toHaveLength(1);
      expect(loans(story).length).toBeGreaterThanOrEqual(2);
    }
  });

  it("sign the promoter's phone in to every account of the morning, onto rented cards", () => {
    for (const story of stories('attack.scan-for-gift-promoter')) {
      const accounts = Object.keys(story.accounts);
      expect(accounts.length).toBeGreaterThanOrEqual(2);
      const lastLoans = accounts.map((a) =>
        loans(story)
          .filter((e) => e.accountId === a)
          .pop(),
      );
      expect(new Set(lastLoans.map((e) => e?.device?.id)).size).toBe(1);
    }
  });

  it('put one family mailbox on every account of a household, and one public computer on several borrowers', () => {
    for (const story of stories('benign.family-mailbox-shared')) {
      const boxes = Object.keys(story.accounts).map((a) => {
        const emails = story.events.flatMap((e) => (e.accountId === a && e.type === 'contact.changed' && e.payload.kind === 'email' ? [e.payload.value] : []));
        return emails[emails.length - 1];
      });
      expect(new Set(boxes).size).toBe(1);
      expect(story.events.some((e) => e.type === 'password.reset' && e.payload.method === 'email')).toBe(true);
    }
    for (const story of stories('benign.public-computer-regulars')) {
      const [a, b] = Object.keys(story.accounts);
      const publicSeats = (x: string) => [...devicesOf(story, x)].filter((d) => /^(netbar|library|printshop)-/.test(d));
      expect(publicSeats(a).length + publicSeats(b).length).toBeGreaterThan(0);
    }
  });

  it('give the exchange student rented-server addresses on their own phone, and the midnight borrower the same sum every month', () => {
    for (const story of stories('benign.exchange-student-accelerator')) {
      const [account] = Object.keys(story.accounts);
      expect(addressesOf(story, account).size).toBeGreaterThanOrEqual(3);
    }
    for (const story of stories('benign.midnight-monthly-reborrow')) {
      const sums = loans(story).map((e) => e.payload.amountMinor);
      expect(sums.length).toBeGreaterThanOrEqual(3);
      expect(new Set(sums).size).toBe(1);
    }
  });

  it('bring flood neighbours to one shelter line', () => {
    for (const story of stories('benign.flood-shelter-neighbours')) {
      const accounts = Object.keys(story.accounts);
      expect(accounts.length).toBeGreaterThanOrEqual(2);
      const shared = accounts.map((a) => addressesOf(story, a)).reduce((x, y) => new Set([...x].filter((ip) => y.has(ip))));
      expect(shared.size).toBeGreaterThanOrEqual(1);
    }
  });

  it('flag no merchant for a look-alike, and change no contact from an agent console', () => {
    expect(corpus.stories.filter((s) => s.group === 'heldout' && s.label === 'benign').every((s) => s.merchants.length === 0)).toBe(true);
    expect(corpus.stories.filter((s) => s.group === 'heldout').every((s) => s.merchants.length === 0)).toBe(true);
    expect(corpus.events.some((e) => corpus.labels[e.accountId].group === 'heldout' && e.type === 'contact.changed' && e.actor.kind === 'agent')).toBe(false);
  });
});

describe('the tuned families (held out for issue #21, described since)', () => {
  const corpus = generateCorpus({ seed: 3, stories: 8 * familiesIn('described').length, heldoutStories: 0, anchorMs });

  it('are described now', () => {
    for (const name of ['attack.patient-takeover', 'attack.insider-support', 'benign.honest-shop', 'benign.holiday-abroad']) expect(familyNamed(name)?.group).toBe('described');
  });

  it('vary what a family does: unbinds with and without the holder name', () => {
    const unbinds = corpus.events.filter((e) => e.type === 'card.unbound' && e.accountId.includes('-patient-takeover-'));
    const withName = unbinds.filter((e) => e.type === 'card.unbound' && e.payload.card.holderName !== undefined);
    expect(withName.length).toBeGreaterThan(0);
    expect(withName.length).toBeLessThan(unbinds.length);
  });

  it('give an honest shop many customers and expect no merchant flagged', () => {
    const shops = corpus.stories.filter((s) => s.family === 'benign.honest-shop');
    expect(shops.length).toBeGreaterThan(0);
    for (const shop of shops) {
      expect(Object.keys(shop.accounts).length).toBeGreaterThanOrEqual(8);
      expect(shop.merchants).toEqual([]);
    }
  });
});

describe('the eighth batch of held-out families (eighth-*.story.ts)', () => {
  const corpus = generateCorpus({ seed: 17, stories: familiesIn('described').length, heldoutStories: 4 * familiesIn('heldout').length, anchorMs });
  const stories = (family: string) => {
    const found = corpus.stories.filter((s) => s.family === family);
    expect(found.length).toBeGreaterThan(0);
    return found;
  };
  const loans = (story: { events: AccountEvent[] }) => story.events.flatMap((e) => (e.type === 'loan.opened' ? [e] : []));

  it('are three attacks and two look-alikes, held out, after those of seventh-*.story.ts', () => {
    const names = FAMILIES.map((f) => f.name);
    expect(names.slice(-5)).toEqual([...EIGHTH_BENIGN_FAMILIES, ...EIGHTH_ATTACK_FAMILIES].map((f) => f.name));
    expect([...EIGHTH_BENIGN_FAMILIES, ...EIGHTH_ATTACK_FAMILIES].every((f) => f.group === 'heldout' && f.name.startsWith(`${f.label}.`))).toBe(true);
    expect(EIGHTH_ATTACK_FAMILIES).toHaveLength(3);
    expect(EIGHTH_BENIGN_FAMILIES).toHaveLength(2);
  });

  it("raise a bought identity's account for weeks: its first loan is small and more than two weeks before the line is drawn", () => {
    for (const story of stories('attack.bought-id-raised-slowly')) {
      const [first, ...draws] = loans(story);
      expect(draws.length).toBeGreaterThan(0);
      expect(Date.parse(draws[0].occurredAt) - Date.parse(first.occurredAt)).toBeGreaterThan(14 * 86_400_000);
    }
  });

  it("have the flatmate borrow only on the borrower's own phone, at home", () => {
    for (const story of stories('attack.flatmate-knows-lock-code')) {
      const [first, ...rest] = loans(story);
      expect(rest.every((l) => l.device?.id === first.device?.id && l.device?.ip === first.device?.ip)).toBe(true);
      expect(story.events.some((e) => e.device?.id === first.device?.id && Date.parse(e.occurredAt) < Date.parse(first.occurredAt) - 30 * 86_400_000)).toBe(true);
      expect(story.events.some((e) => e.type === 'card.bound' && Date.parse(e.occurredAt) > Date.parse(loans(story)[0].occurredAt))).toBe(false);
    }
  });

  it('give a new borrower a small first loan and, within days, a larger one: the look-alike of an account opened to be drained', () => {
    for (const family of ['benign.first-job-rent-deposit', 'benign.freshman-term-start']) {
      for (const story of stories(family)) {
        const all = loans(story);
        expect(all.length).toBeGreaterThanOrEqual(2);
        expect(all.at(-1)!.payload.amountMinor).toBeGreaterThan(all[0].payload.amountMinor);
      }
    }
  });
});

describe('agents changing a contact', () => {
  it('do so only for an insider attack or a borrower who lost their phone and number', () => {
    const corpus = generateCorpus({ seed: 3, stories: 4 * familiesIn('described').length, heldoutStories: 6 * familiesIn('heldout').length, anchorMs });
    const families = new Set(corpus.events.flatMap((e) => (e.type === 'contact.changed' && e.actor.kind === 'agent' ? [corpus.labels[e.accountId].family] : [])));
    expect([...families].sort()).toEqual(['attack.insider-support', 'benign.lost-phone-recovered']);
  });
});
