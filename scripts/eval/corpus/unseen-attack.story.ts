import type { CardRef } from '@sentinel/contracts';
import { asUnbound, attackerDevice, cardAtAnotherBank, days, foreignIp, habitualAmount, loanHabit, ownPhoneFrom, strikeAt } from './heldout-kit';
import { DAY, HOUR, ipAddress, MINUTE, type Origin, personName, SECOND, type StoryFamily, type StoryKit } from './story';
import { checkout, loanConsented, nextLocalHour, RESALE_PARTNERS, sameSurname, scaled, several } from './unseen-kit';

// Held-out attacks (docs/eval.md): written from how fraud against consumer-credit accounts in China
// happens (telephone scams, leaked password lists, SIM replacement at a carrier, family members,
// rogue loan brokers, phone trojans, stolen sessions), without reading the rules, and kept from
// whoever tunes them. Each story labels every victim account `attack`.

/** A card in someone else's name: a "safe account" a scammer names, or a card rented from a mule. */
const muleCard = (kit: StoryKit): CardRef => kit.card(personName(kit.rng));

export const UNSEEN_ATTACK_FAMILIES: StoryFamily[] = [
  {
    name: 'attack.fake-support-call',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A caller posing as the platform\'s customer service ("your student-loan account must be closed or your credit record suffers"): the victim reads out the codes while the caller logs in on their own phone, binds a "safe account" card and borrows; or, coached on the call, borrows on their own phone with their own face and binds the card the caller names.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      // Scam calls come in office hours.
      const t0 = kit.atLocalHour(strikeAt(kit), kit.rng.between(9.5, 17.5));
      const since = -days(kit, 30, 300);
      b.onboard(since, t0 - days(kit, 0.5, 8));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 4), since + days(kit, 3, 10), t0 - days(kit, 5, 20));
      const safe = muleCard(kit);
      let t = t0;
      if (kit.rng.chance(0.55)) {
        // The caller works the account from their own phone; every code the victim reads out is a consent.
        const x = attackerDevice(kit, 'app');
        b.login(t, x, 'otp');
        if (kit.rng.chance(0.35)) b.emit('password.reset', (t += kit.rng.int(1, 6) * MINUTE), { method: 'sms' }, x);
        t += kit.rng.int(2, 15) * MINUTE;
        if (kit.rng.chance(0.3)) {
          b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.unbind', kit.rng.chance(0.5) ? b.card.ref : undefined, x);
          b.unbind(t, asUnbound(kit, b.card), x, kit.rng.pick([undefined, 'account closure']));
          t += kit.rng.int(1, 8) * MINUTE;
        }
        b.consent(t - kit.rng.int(10, 120) * SECOND, 'card.bind', kit.rng.chance(0.5) ? safe.ref : undefined, x);
        b.bind(t, safe, x);
        const loans = kit.rng.int(1, 3);
        for (let i = 0; i < loans; i++) {
          t += kit.rng.int(3, 25) * MINUTE;
          loanConsented(kit, b, t, x, { amountMinor: kit.rng.int(200, 2000) * 10_000, termMonths: kit.rng.pick([12, 24, 36]) }, 'otp');
        }
      } else {
        // Coached on the call: the victim's own phone, at home or at work, their own face.
        const phone = kit.rng.chance(0.6) ? b.app : ownPhoneFrom(b, ipAddress(kit.rng));
        b.login(t, phone, kit.rng.pick(['biometric', 'password'] as const));
        const bindSafe = kit.rng.chance(0.5);
        const bindFirst = kit.rng.chance(0.5);
        const bind = () => {
          t += kit.rng.int(2, 20) * MINUTE;
          b.consent(t - kit.rng.int(10, 120) * SECOND, 'card.bind', kit.rng.chance(0.5) ? safe.ref : undefined, phone, kit.rng.chance(0.5) ? 'face' : 'otp');
          b.bind(t, safe, phone);
        };
        if (bindSafe && bindFirst) bind();
        const loans = kit.rng.int(2, 4);
        for (let i = 0; i < loans; i++) {
          t += kit.rng.int(1, 15) * MINUTE;
          const amountMinor = Math.max(scaled(usual, kit.rng.between(1.5, 8)), kit.rng.int(300, 3000) * 10_000);
          loanConsented(kit, b, t, phone, { amountMinor, termMonths: kit.rng.pick([12, 24, 36]) }, kit.rng.chance(0.7) ? 'face' : 'otp');
        }
        if (bindSafe && !bindFirst) bind();
      }
    },
  },
  {
    name: 'attack.stuffed-login-test-loan',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      "Credential stuffing: a leaked password reused here is tried by a checker's emulator and sold on; the buyer logs in on another device, spends a small test amount on resellable goods at a partner (no code asked for so small a sum), then hours later a large purchase or a cash loan onto a rented card, signed with an e-signature.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t0 = strikeAt(kit);
      const since = -days(kit, 60, 300);
      b.onboard(since, t0 - days(kit, 0.5, 12));
      if (kit.rng.chance(0.5)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), since + days(kit, 3, 10), t0 - days(kit, 10, 40));
      // The checker's hit, days or hours before (some buyers check their own list).
      if (kit.rng.chance(0.7)) {
        const checker: Origin = {
          channel: kit.rng.chance(0.6) ? 'app' : 'web',
          actor: { kind: 'borrower' },
          device: { id: kit.newId(kit.rng.pick(['emu', 'cloudphone', 'vm'])), ip: kit.rng.chance(0.4) ? foreignIp(kit) : ipAddress(kit.rng) },
        };
        b.login(t0 - kit.rng.between(0.2, 6) * DAY, checker, 'password');
      }
      const device = { id: kit.newId(kit.rng.pick(['phone', 'emu', 'cloudphone'])), ip: kit.rng.chance(0.3) ? foreignIp(kit) : ipAddress(kit.rng) };
      const x: Origin = { channel: 'app', actor: { kind: 'borrower' }, device };
      let t = t0;
      b.login(t, x, 'password');
      // The test: phone credit or game coins, small enough to need no code.
      const test = kit.rng.pick(RESALE_PARTNERS.slice(0, 3));
      t += kit.rng.int(1, 20) * MINUTE;
      const small = { amountMinor: kit.rng.int(5, 50) * 10_000, termMonths: kit.rng.pick([1, 3]), merchantId: kit.rng.chance(0.8) ? test : undefined };
      if (kit.rng.chance(0.6)) b.loan(t, checkout(test, device), small);
      else loanConsented(kit, b, t, checkout(test, device), small, 'esign');
      // It worked: the real take, minutes to hours later.
      t += kit.rng.between(0.1, 8) * HOUR;
      if (kit.rng.chance(0.6)) {
        const shop = kit.rng.pick(RESALE_PARTNERS);
        const big = { amountMinor: kit.rng.int(300, 2000) * 10_000, termMonths: kit.rng.pick([6, 12, 24]), merchantId: shop };
        if (kit.rng.chance(0.65)) loanConsented(kit, b, t, checkout(shop, device), big, 'esign');
        else b.loan(t, checkout(shop, device), big);
      } else {
        // A cash loan onto a card rented from a mule: the bank's code goes to the mule's own number.
        const rented = muleCard(kit);
        b.consent(t - kit.rng.int(20, 180) * SECOND, 'card.bind', kit.rng.chance(0.5) ? rented.ref : undefined, x);
        b.bind(t, rented, x);
        t += kit.rng.int(2, 40) * MINUTE;
        loanConsented(kit, b, t, x, { amountMinor: kit.rng.int(200, 1500) * 10_000, termMonths: kit.rng.pick([12, 24]) }, 'esign');
      }
    },
  },
  {
    name: 'attack.number-port-out',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "The victim's number is moved to the fraudster's SIM at a carrier (a forged ID at a dealer, or a dealer's insider); that night the codes arrive on the fraudster's phone: a login or reset, sometimes the email pointed elsewhere, a card in a mule's name bound and one to three loans; next morning the victim, with no signal, opens the app on home wifi.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      // The replacement goes through in the evening; the fraudster works through the night.
      const t0 = kit.atLocalHour(strikeAt(kit) - DAY, kit.rng.between(21, 26));
      const since = -days(kit, 40, 300);
      b.onboard(since, t0 - days(kit, 0.5, 10));
      if (kit.rng.chance(0.5)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), since + days(kit, 3, 10), t0 - days(kit, 10, 30));
      const x = attackerDevice(kit, 'app');
      let t = t0;
      const resetFirst = kit.rng.chance(0.4);
      if (resetFirst) {
        b.emit('password.reset', t, { method: 'sms' }, x);
        t += kit.rng.int(1, 8) * MINUTE;
      }
      b.login(t, x, resetFirst ? 'password' : 'otp');
      if (!resetFirst && kit.rng.chance(0.3)) b.emit('password.reset', (t += kit.rng.int(1, 10) * MINUTE), { method: 'sms' }, x);
      if (kit.rng.chance(0.4)) {
        t += kit.rng.int(2, 20) * MINUTE;
        if (kit.rng.chance(0.5)) b.consent(t - kit.rng.int(10, 60) * SECOND, 'contact.change', undefined, x);
        b.emit('contact.changed', t, { kind: 'email', value: `${kit.newId('mx').toLowerCase()}@${kit.rng.pick(['163.example', 'qq.example', 'example.net'])}` }, x);
      }
      const mule = cardAtAnotherBank(kit, personName(kit.rng), b.card.issuer);
      t += kit.rng.int(5, 40) * MINUTE;
      if (kit.rng.chance(0.35)) {
        b.consent(t - kit.rng.int(10, 60) * SECOND, 'card.unbind', kit.rng.chance(0.5) ? b.card.ref : undefined, x);
        b.unbind(t, asUnbound(kit, b.card), x);
        t += kit.rng.int(1, 10) * MINUTE;
      }
      b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? mule.ref : undefined, x);
      b.bind(t, mule, x);
      const loans = kit.rng.int(1, 3);
      for (let i = 0; i < loans; i++) {
        t += kit.rng.int(5, 60) * MINUTE;
        loanConsented(kit, b, t, x, { amountMinor: kit.rng.int(300, 5000) * 10_000, termMonths: kit.rng.pick([12, 24, 36]) }, 'otp');
      }
      if (kit.rng.chance(0.6)) b.login(Math.min(-MINUTE, nextLocalHour(kit, t, kit.rng.between(7, 9.5))), b.app, kit.rng.pick(['password', 'biometric'] as const));
    },
  },
  {
    name: 'attack.relative-night-tablet',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "A relative (a grown son, a nephew with gambling debts) takes loans at night on the family tablet that is signed in to the borrower's account and receives the borrower's texts: home network, a device used for months, OTPs passed on it; sometimes a card in the relative's own name (same surname) is bound first, and he comes back another night.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const tablet: Origin = { channel: 'app', actor: { kind: 'borrower' }, device: { id: kit.newId('pad'), ip: b.phone.ip } };
      const since = -days(kit, 90, 300);
      const nights = kit.rng.chance(0.35) ? kit.rng.int(2, 3) : 1;
      const lastNight = strikeAt(kit) - DAY;
      const when = Array.from({ length: nights }, (_, i) => lastNight - i * days(kit, 1, 6)).reverse();
      b.onboard(since, when[0] - days(kit, 1, 5));
      // The tablet: the family's, in the living room, used now and then for months.
      for (let at = since + days(kit, 5, 30); at < when[0] - DAY; at += days(kit, 6, 30)) b.login(at, tablet, kit.rng.pick(['password', 'biometric'] as const));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.7)) loanHabit(kit, b, usual, kit.rng.int(1, 4), since + days(kit, 10, 20), when[0] - days(kit, 5, 30));
      const own = kit.card(sameSurname(kit, b.name));
      let bound = false;
      let t = 0;
      for (const night of when) {
        t = kit.atLocalHour(night, kit.rng.between(0.5, 4));
        if (kit.rng.chance(0.5)) b.login(t, tablet, 'password');
        if (!bound && kit.rng.chance(0.45)) {
          t += kit.rng.int(1, 10) * MINUTE;
          b.consent(t - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.5) ? own.ref : undefined, tablet);
          b.bind(t, own, tablet);
          bound = true;
        }
        const loans = kit.rng.int(1, 2);
        for (let i = 0; i < loans; i++) {
          t += kit.rng.int(2, 25) * MINUTE;
          const amountMinor = kit.rng.chance(0.5) ? scaled(usual, kit.rng.between(1.5, 6)) : kit.rng.int(100, 1000) * 10_000;
          loanConsented(kit, b, t, tablet, { amountMinor, termMonths: kit.rng.pick([6, 12, 24]) }, 'otp');
        }
      }
      // The borrower, none the wiser, picks up their phone in the morning.
      if (kit.rng.chance(0.6)) b.login(nextLocalHour(kit, t, kit.rng.between(7, 10)), b.app, 'biometric');
    },
  },
  {
    name: 'attack.quote-agent-loans',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      'A rogue loan broker (a partner of the platform) advertises free credit-limit checks; customers who only asked for a quote log in at its office or on a video call and do a face scan "to see the limit", which is the consent to a loan the broker opens at the maximum from its own desk; some get a second loan or the broker\'s "fee" card bound. The broker should be flagged.',
    weight: 0.5,
    build(kit) {
      const agency = kit.newId('agency');
      kit.expectMerchantFlagged(agency);
      const office = ipAddress(kit.rng);
      const desk = checkout(agency, { id: kit.newId('agencypc'), ip: office });
      const pad = checkout(agency, { id: kit.newId('agencypad'), ip: office });
      const feeCard = kit.card(personName(kit.rng));
      const weeks = kit.rng.between(1, 5);
      const last = strikeAt(kit);
      const customers = kit.rng.int(3, 6);
      for (let i = 0; i < customers; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'attack');
        const visit = kit.atLocalHour(last - kit.rng.between(0, weeks * 7) * DAY, kit.rng.between(10, 19));
        b.onboard(-days(kit, weeks * 7 + 20, 300), visit - days(kit, 0.5, 20));
        // In the office on its wifi, or at home on a video call with the agent.
        const inOffice = kit.rng.chance(0.65);
        const phone = inOffice ? ownPhoneFrom(b, office) : b.app;
        let t = visit;
        b.login(t, phone, kit.rng.pick(['password', 'otp', 'biometric'] as const));
        t += kit.rng.int(2, 20) * MINUTE;
        const loanId = kit.newId('loan');
        const scan = t;
        t += kit.rng.chance(0.2) ? -kit.rng.int(5, 40) * SECOND : kit.rng.int(1, 30) * MINUTE;
        // The scan on the customer's phone, or, in the office, on the broker's tablet.
        b.consent(scan, 'loan', kit.rng.chance(0.5) ? loanId : undefined, inOffice && kit.rng.chance(0.4) ? pad : phone, 'face');
        const terms = { amountMinor: kit.rng.int(300, 5000) * 10_000, termMonths: kit.rng.pick([12, 24, 36]), merchantId: kit.rng.chance(0.6) ? agency : undefined };
        b.loan(t, desk, terms, loanId);
        if (kit.rng.chance(0.3)) b.loan(t + kit.rng.int(5, 120) * MINUTE, desk, { ...terms, amountMinor: kit.rng.int(100, 2000) * 10_000 });
        if (kit.rng.chance(0.25)) {
          // "For the service fee": the agent binds the firm's card on the customer's phone, with the code they read out.
          const at = t + kit.rng.int(2, 30) * MINUTE;
          const card = { ...feeCard, ref: kit.newId('card') };
          b.consent(at - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, phone);
          b.bind(at, card, phone);
        }
      }
    },
  },
  {
    name: 'attack.drip-below-habit',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "A slow drip from a borrower with a loan habit: a trojan from a fake insurance or ETC app runs the victim's own phone at night (or the phone's fingerprint is replayed from elsewhere) and takes three to seven loans, each a little under the usual amount, days apart, with the OTPs it reads; sometimes onto a mule's card bound once.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const since = -days(kit, 150, 300);
      const drips = kit.rng.int(3, 7);
      const at: number[] = [strikeAt(kit)];
      for (let i = 1; i < drips; i++) at.unshift(at[0] - days(kit, 1.5, 5));
      b.onboard(since, at[0] - days(kit, 2, 20));
      const usual = habitualAmount(kit);
      loanHabit(kit, b, usual, kit.rng.int(3, 6), since + days(kit, 5, 10), at[0] - days(kit, 10, 40));
      const trojan = kit.rng.chance(0.6);
      const clone = ownPhoneFrom(b, kit.rng.chance(0.3) ? foreignIp(kit) : ipAddress(kit.rng));
      const from = (): Origin => (trojan ? (kit.rng.chance(0.8) ? b.app : ownPhoneFrom(b, ipAddress(kit.rng))) : clone);
      const when = (t: number) => (trojan ? kit.atLocalHour(t, kit.rng.between(1, 5)) : t + kit.rng.between(-6, 6) * HOUR);
      if (kit.rng.chance(0.55)) {
        const mule = muleCard(kit);
        const t = when(at[0]) - kit.rng.between(1, 30) * HOUR;
        const o = from();
        b.consent(t - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.5) ? mule.ref : undefined, o);
        b.bind(t, mule, o);
      }
      for (const t of at)
        loanConsented(kit, b, Math.min(-HOUR, when(t)), from(), { amountMinor: scaled(usual, kit.rng.between(0.6, 0.95)), termMonths: kit.rng.pick([3, 6, 12]) }, 'otp');
      // The victim goes on using the app by day, and does not look at the bill until it comes.
      if (kit.rng.chance(0.6)) b.routine(at[0] - DAY, -HOUR);
    },
  },
  {
    name: 'attack.hijacked-checkout-session',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      "A session stolen through a phishing \"coupon\" page the victim signed in to on the web is replayed at partners' checkouts: no login of the thief's own, sometimes the victim's device id carried in the cookie, two to five purchases of resellable goods within an hour or two, the small ones with no code, the larger e-signed.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t0 = strikeAt(kit);
      b.onboard(-days(kit, 30, 300), t0 - days(kit, 1, 10));
      b.login(t0 - kit.rng.between(0.1, 20) * HOUR, b.web, kit.rng.pick(['password', 'otp'] as const));
      const ip = kit.rng.chance(0.3) ? foreignIp(kit) : ipAddress(kit.rng);
      const device = kit.rng.chance(0.5) ? { id: (b.laptop ?? b.phone).id, ip } : { id: kit.newId(kit.rng.pick(['pc', 'dev', 'phone'])), ip };
      const shops = several(kit, RESALE_PARTNERS, kit.rng.int(1, 3));
      const purchases = kit.rng.int(2, 5);
      let t = t0;
      for (let i = 0; i < purchases; i++) {
        t += kit.rng.int(2, 25) * MINUTE;
        const shop = kit.rng.pick(shops);
        const terms = { amountMinor: kit.rng.int(30, 800) * 10_000, termMonths: kit.rng.pick([3, 6, 12]), merchantId: shop };
        if (terms.amountMinor <= 100_000 || kit.rng.chance(0.3)) b.loan(t, checkout(shop, device), terms);
        else loanConsented(kit, b, t, checkout(shop, device), terms, 'esign');
      }
    },
  },
];
