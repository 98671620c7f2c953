import { DAY, HOUR, ipAddress, MINUTE, type Origin, personName, SECOND, type StoryFamily, type StoryKit } from './story';

const attackStart = (kit: StoryKit) => -kit.rng.between(0, 3) * DAY - 2 * DAY;

/** A device and line the victim never used, in the app or on the web. */
function intruder(kit: StoryKit): Origin {
  return {
    channel: kit.rng.chance(0.6) ? 'web' : 'app',
    actor: { kind: 'borrower' },
    device: { id: kit.newId(kit.rng.pick(['dev', 'emu', 'pc', 'phone'])), ip: ipAddress(kit.rng) },
  };
}

function partner(kit: StoryKit, merchantId: string, device = { id: kit.newId('pos'), ip: ipAddress(kit.rng) }): Origin {
  return { channel: `partner:${merchantId}`, actor: { kind: 'partner', id: merchantId }, device };
}

export const ATTACK_FAMILIES: StoryFamily[] = [
  {
    name: 'attack.account-takeover',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description: "Takeover: a login from a new device, a password reset and the phone number replaced, then the victim's card unbound and another bound.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      let t = attackStart(kit);
      b.onboard(-kit.rng.between(30, 200) * DAY, t - DAY);
      const x = intruder(kit);
      const resetFirst = kit.rng.chance(0.4);
      if (resetFirst) b.emit('password.reset', t, { method: kit.rng.pick(['sms', 'email'] as const) }, x);
      t += kit.rng.int(1, 20) * MINUTE;
      b.login(t, x, 'password');
      if (!resetFirst) b.emit('password.reset', (t += kit.rng.int(1, 30) * MINUTE), { method: 'sms' }, x);
      t += kit.gap();
      b.emit('contact.changed', t, { kind: 'phone', value: `+8617${kit.rng.digits(9)}` }, x);
      if (kit.rng.chance(0.5)) b.emit('contact.changed', t + 40 * SECOND, { kind: 'email', value: `${kit.newId('m').toLowerCase()}@example.net` }, x);
      t += kit.gap();
      // With the phone number redirected, the attacker can pass the OTP himself.
      if (kit.rng.chance(0.4)) b.consent(t - 15 * SECOND, 'card.unbind', b.card.ref, x);
      b.unbind(t, b.card, x);
      const theirs = kit.card(kit.rng.chance(0.4) ? b.name : personName(kit.rng));
      t += kit.rng.int(10, 1800) * SECOND;
      b.bind(t, theirs, x);
    },
  },
  {
    name: 'attack.sim-swap-loan-burst',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description: 'SIM swap: from a new device, four to seven loans within a few hours, each with a passed OTP consent.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      let t = attackStart(kit);
      b.onboard(-kit.rng.between(30, 250) * DAY, t - kit.rng.between(1, 20) * DAY);
      if (kit.rng.chance(0.4)) b.consentedLoan(t - kit.rng.between(30, 120) * DAY, b.usual(), { amountMinor: b.amount(), termMonths: 6 });
      const x = intruder(kit);
      b.login(t, x, 'otp');
      const loans = kit.rng.int(4, 7);
      const span = kit.rng.between(1, 5) * HOUR;
      for (let i = 0; i < loans; i++) {
        t += (span / loans) * kit.rng.between(0.5, 1.5);
        b.consentedLoan(t, x, { amountMinor: kit.rng.int(20, 500) * 10_000, termMonths: kit.rng.pick([6, 12, 24]) });
      }
    },
  },
  {
    name: 'attack.partner-loan-no-consent',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description: "A partner or merchant opens a loan in the borrower's name from its own terminal, with no consent from the borrower.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t = attackStart(kit);
      b.onboard(-kit.rng.between(20, 200) * DAY, t - kit.rng.between(0.1, 10) * DAY);
      const merchant = kit.newId('shop');
      const via = partner(kit, merchant);
      b.loan(t, via, { amountMinor: kit.rng.int(30, 800) * 10_000, termMonths: kit.rng.pick([6, 12, 24]), merchantId: kit.rng.chance(0.5) ? merchant : undefined });
      if (kit.rng.chance(0.3)) b.loan(t + kit.gap(), via, { amountMinor: kit.rng.int(30, 300) * 10_000, termMonths: 12 });
    },
  },
  {
    name: 'attack.merchant-preying',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description: 'One merchant opens unconsented loans on six accounts within a few weeks, from one or two terminals.',
    weight: 1,
    build(kit) {
      const merchant = kit.newId('merchant');
      kit.expectMerchantFlagged(merchant);
      const terminals = [
        { id: kit.newId('pos'), ip: ipAddress(kit.rng) },
        { id: kit.newId('pos'), ip: ipAddress(kit.rng) },
      ];
      const weeks = kit.rng.between(1, 4);
      const start = attackStart(kit) - weeks * 7 * DAY;
      for (let i = 0; i < 6; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'attack');
        const at = start + kit.rng.between(0, weeks * 7) * DAY;
        b.onboard(-kit.rng.between(weeks * 7 + 20, 300) * DAY, at - HOUR);
        b.loan(at, partner(kit, merchant, kit.rng.pick(terminals)), { amountMinor: kit.rng.int(50, 600) * 10_000, termMonths: 12, merchantId: merchant });
      }
    },
  },
  {
    name: 'attack.card-swap-other-holder',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description: "The card is unbound and a card in another holder's name bound within hours; from a new device, or from the victim's own phone by someone at hand.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      let t = attackStart(kit);
      b.onboard(-kit.rng.between(30, 200) * DAY, t - HOUR);
      const insider = kit.rng.chance(0.3);
      const x = insider ? b.app : intruder(kit);
      if (insider) b.consent(t - 20 * SECOND, 'card.unbind', b.card.ref, x);
      b.unbind(t, b.card, x);
      const theirs = kit.card(personName(kit.rng));
      t += kit.rng.int(30, 6 * 3600) * SECOND;
      if (insider) b.consent(t - 20 * SECOND, 'card.bind', theirs.ref, x);
      b.bind(t, theirs, x);
    },
  },
  {
    name: 'attack.dormant-loan',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description: 'An account quiet for three months or more suddenly takes a loan, from a new device, with or without an OTP.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t = attackStart(kit);
      const quiet = kit.rng.between(95, 200) * DAY;
      b.onboard(t - quiet - kit.rng.between(30, 90) * DAY, t - quiet);
      const x = intruder(kit);
      b.login(t - kit.rng.int(2, 40) * MINUTE, x, kit.rng.pick(['password', 'otp'] as const));
      const loan = { amountMinor: kit.rng.int(100, 1000) * 10_000, termMonths: 12 };
      if (kit.rng.chance(0.5)) b.consentedLoan(t, x, loan);
      else b.loan(t, x, loan);
    },
  },
  {
    name: 'attack.expired-id-loan',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description: 'A loan on an account whose ID document expired days to months before, mostly from a new device, with or without an OTP.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t = attackStart(kit);
      const expiredFor = kit.rng.between(5, 200) * DAY;
      b.onboard(t - expiredFor - kit.rng.between(30, 90) * DAY, t - kit.rng.between(1, 20) * DAY, { documentExpiresOn: kit.dateAt(t - expiredFor) });
      const x = kit.rng.chance(0.7) ? intruder(kit) : b.usual();
      const loan = { amountMinor: kit.rng.int(50, 800) * 10_000, termMonths: 12 };
      if (kit.rng.chance(0.5)) b.consentedLoan(t, x, loan);
      else b.loan(t, x, loan);
    },
  },
  {
    name: 'attack.contact-redirect-loan',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description: 'The phone number (sometimes the email too) is replaced from a new device; hours to two days later a loan passes an OTP sent to the new number.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      let t = attackStart(kit);
      b.onboard(-kit.rng.between(30, 200) * DAY, t - DAY);
      const x = intruder(kit);
      b.login(t, x, 'password');
      t += kit.rng.int(1, 30) * MINUTE;
      b.emit('contact.changed', t, { kind: 'phone', value: `+8616${kit.rng.digits(9)}` }, x);
      if (kit.rng.chance(0.4)) b.emit('contact.changed', t + kit.rng.int(10, 300) * SECOND, { kind: 'email', value: `${kit.newId('r').toLowerCase()}@example.org` }, x);
      t += kit.rng.between(0.5, 48) * HOUR;
      b.consentedLoan(t, x, { amountMinor: kit.rng.int(50, 900) * 10_000, termMonths: 12 });
    },
  },
  {
    name: 'attack.ring-shared-card',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description: "One card (one fingerprint, a mule's name) bound to three to five accounts within days, sometimes after unbinding the victim's card.",
    weight: 1,
    build(kit) {
      const mule = kit.card(personName(kit.rng));
      const accounts = kit.rng.int(3, 5);
      const start = attackStart(kit) - 3 * DAY - kit.rng.between(0, 8) * DAY;
      const shared = kit.rng.chance(0.5) ? intruder(kit) : undefined;
      for (let i = 0; i < accounts; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'attack');
        let t = start + kit.rng.between(0, 2) * DAY;
        b.onboard(-kit.rng.between(20, 200) * DAY, t - DAY);
        const x = shared ?? intruder(kit);
        b.login(t, x, 'password');
        t += kit.gap();
        if (kit.rng.chance(0.5)) b.unbind(t, b.card, x);
        // The platform knows each binding by its own ref; the fingerprint is what gives the card away.
        b.bind(t + kit.rng.int(20, 900) * SECOND, { ...mule, ref: kit.newId('card') }, x);
      }
    },
  },
  {
    name: 'attack.ring-shared-device',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description: 'One device and line does sensitive things (contact change, unbind, loan) on three to five accounts within hours or days.',
    weight: 1,
    build(kit) {
      const x = intruder(kit);
      const accounts = kit.rng.int(3, 5);
      const start = attackStart(kit) - kit.rng.between(0, 3) * DAY;
      for (let i = 0; i < accounts; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'attack');
        let t = start + kit.rng.between(0, 36) * HOUR;
        b.onboard(-kit.rng.between(20, 200) * DAY, t - DAY);
        b.login(t, x, 'password');
        t += kit.rng.int(1, 20) * MINUTE;
        const what = kit.rng.int(0, 2);
        if (what === 0) b.emit('contact.changed', t, { kind: 'email', value: `${kit.newId('d').toLowerCase()}@example.net` }, x);
        else if (what === 1) b.unbind(t, b.card, x);
        else b.consentedLoan(t, x, { amountMinor: kit.rng.int(50, 500) * 10_000, termMonths: 6 });
      }
    },
  },
];
