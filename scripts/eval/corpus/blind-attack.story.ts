import type { CardRef } from '@sentinel/contracts';
import { emulator, farmOnboard, proxyPool } from './blind-kit';
import { attackerDevice, cardAtAnotherBank, days, habitualAmount, loanHabit, newPhoneNumber, ownPhoneFrom, strikeAt } from './heldout-kit';
import { DAY, HOUR, ipAddress, MINUTE, type Origin, personName, SECOND, type StoryFamily, type StoryKit } from './story';
import { checkout, loanConsented, RESALE_PARTNERS, scaled } from './unseen-kit';

// Held-out attacks, third batch (docs/eval.md): written from how fraud against consumer-credit
// accounts in China happens (romance and investment scams, a former partner, cards opened with a
// bought ID copy, phone farms, overlay trojans, a shop's salesperson), without reading the rules,
// and kept from whoever tunes them. Each story labels every victim account `attack`.

/** A card in a stranger's name: a "deposit account" a scam platform names, or a mule's. */
const strangerCard = (kit: StoryKit): CardRef => kit.card(personName(kit.rng));

/** Rounded to whole hundreds of yuan, as people type amounts. */
const hundreds = (fen: number) => Math.max(10_000, Math.round(fen / 10_000) * 10_000);

export const BLIND_ATTACK_FAMILIES: StoryFamily[] = [
  {
    name: 'attack.romance-investment-coached',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A "pig-butchering" scam: a stranger met on a dating app courts the victim for weeks and shows off winnings on a fake investment platform; coached in evening chats, the victim borrows on their own phone with their own face, a small first loan and then larger ones over one to three weeks, to "top up" or "unfreeze a withdrawal": paid out to their own card and sent on, or to a card the platform\'s "customer service" names for deposits, bound for it.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const last = strikeAt(kit);
      const span = days(kit, 4, 20);
      const rounds = kit.rng.int(2, 5);
      const middle = Array.from({ length: rounds - 2 }, () => last - span * kit.rng.between(0.1, 0.9));
      // Chats in the evening, sometimes a lunch break at work.
      const at = [last - span, ...middle, last]
        .sort((x, y) => x - y)
        .map((t) =>
          kit.rng.chance(0.8) ? { t: kit.atLocalHour(t, kit.rng.between(19.5, 23.9)), lunch: false } : { t: kit.atLocalHour(t, kit.rng.between(12, 13.5)), lunch: true },
        );
      const since = -days(kit, 60, 300);
      b.onboard(since, at[0].t - days(kit, 1, 15));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 4), since + days(kit, 3, 10), at[0].t - days(kit, 5, 15));
      const work = ipAddress(kit.rng);
      // After the first "withdrawal" worked, the platform's service names a deposit card (sometimes never: the victim transfers it themselves).
      const deposit = kit.rng.chance(0.5) ? strangerCard(kit) : undefined;
      const bindRound = kit.rng.int(1, rounds - 1);
      let amount = kit.rng.chance(0.5) ? kit.rng.int(20, 100) * 10_000 : scaled(usual, kit.rng.between(0.8, 2));
      // The credit line the platform gives this borrower; the scammer pushes until it is used up (and then to other lenders).
      let line = kit.rng.int(300, 1000) * 10_000;
      at.forEach(({ t: t0, lunch }, i) => {
        if (line < 100_000) return;
        // At lunch the phone is on the office wifi; in the evening at home, now and then on the laptop.
        const where: Origin = lunch ? ownPhoneFrom(b, work) : kit.rng.chance(0.85) ? b.app : b.web;
        let t = t0;
        if (kit.rng.chance(0.5)) b.login(t - kit.rng.int(1, 10) * MINUTE, where, kit.rng.pick(['biometric', 'password'] as const));
        if (deposit && i === bindRound) {
          b.consent(t - kit.rng.int(10, 120) * SECOND, 'card.bind', kit.rng.chance(0.5) ? deposit.ref : undefined, where, kit.rng.chance(0.6) ? 'face' : 'otp');
          b.bind(t, deposit, where);
          t += kit.rng.int(2, 15) * MINUTE;
        }
        const loans = kit.rng.chance(0.2) ? 2 : 1;
        for (let j = 0; j < loans && line >= 100_000; j++) {
          const amountMinor = Math.min(amount, line);
          line -= amountMinor;
          loanConsented(kit, b, t, where, { amountMinor, termMonths: kit.rng.pick([12, 24, 36]) }, kit.rng.chance(0.65) ? 'face' : 'otp');
          t += kit.rng.int(3, 40) * MINUTE;
        }
        amount = hundreds(amount * kit.rng.between(1.3, 2.2));
      });
    },
  },
  {
    name: 'attack.ex-partner-old-tablet',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "A former partner kept the tablet or laptop the couple shared, still signed in to the borrower's account and mirroring their texts (a shared cloud account), and knows the password: weeks or months after the break-up, from the new flat, in office hours or the evening, sometimes turns SMS notices off or puts their own email on file, binds a card in their own name and borrows, or buys at a partner's in-app checkout for delivery to themselves.",
    weight: 1,
    build(kit) {
      const home = ipAddress(kit.rng);
      const b = kit.borrower('a', 'attack', home);
      const since = -days(kit, 150, 300);
      const split = -days(kit, 25, 110);
      const strike = kit.atLocalHour(strikeAt(kit), kit.rng.chance(0.6) ? kit.rng.between(9.5, 17.5) : kit.rng.between(19, 23.5));
      b.onboard(since, strike - days(kit, 0.3, 4));
      const kind = kit.rng.pick(['ipad', 'matepad', 'pad', 'pc'] as const);
      const tabletId = kit.newId(kind);
      const shared = (ip: string): Origin => ({ channel: kind === 'pc' ? 'web' : 'app', actor: { kind: 'borrower' }, device: { id: tabletId, ip } });
      // Together: the shared tablet on the sofa now and then.
      for (let at = since + days(kit, 5, 20); at < split; at += days(kit, 4, 20)) b.login(at, shared(home), kit.rng.pick(['password', 'biometric'] as const));
      if (kit.rng.chance(0.6)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), since + days(kit, 10, 20), split - days(kit, 5, 20));
      const x = shared(ipAddress(kit.rng));
      // A look or two from the new flat first.
      if (kit.rng.chance(0.5)) for (let i = kit.rng.int(1, 2); i > 0; i--) b.login(split + (strike - split) * kit.rng.between(0.2, 0.9), x, 'password');
      const ex = personName(kit.rng);
      const method = kit.rng.chance(0.65) ? 'otp' : 'esign';
      let t = strike;
      b.login(t, x, kit.rng.pick(['password', 'biometric'] as const));
      const hide = kit.rng.int(0, 2);
      if (hide === 0) {
        b.emit(
          'preferences.updated',
          (t += kit.rng.int(1, 6) * MINUTE),
          { channels: ['email'], ...(kit.rng.chance(0.5) ? { quietHours: { start: '08:00', end: '23:00' } } : {}) },
          x,
        );
      } else if (hide === 1) {
        t += kit.rng.int(1, 6) * MINUTE;
        if (kit.rng.chance(0.6)) b.consent(t - kit.rng.int(10, 60) * SECOND, 'contact.change', undefined, x, 'otp');
        b.emit('contact.changed', t, { kind: 'email', value: `${kit.newId('mine').toLowerCase()}@${kit.rng.pick(['qq.example', '163.example', 'outlook.example'])}` }, x);
      }
      if (kit.rng.chance(0.65)) {
        const card = kit.card(ex);
        t += kit.rng.int(2, 20) * MINUTE;
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, x, method);
        b.bind(t, card, x);
        const loans = kit.rng.chance(0.3) ? 2 : 1;
        for (let i = 0; i < loans; i++) {
          t += kit.rng.int(3, 30) * MINUTE;
          loanConsented(kit, b, t, x, { amountMinor: kit.rng.int(30, 500) * 10_000, termMonths: kit.rng.pick([6, 12, 24]) }, method);
        }
      } else {
        // Goods delivered to the new flat: a phone, a bag, furniture.
        const shops = [...RESALE_PARTNERS.slice(3), 'jd-mall', 'tmall-store', 'ikea-cn'];
        const buys = kit.rng.int(1, 3);
        for (let i = 0; i < buys; i++) {
          t += kit.rng.int(3, 40) * MINUTE;
          const shop = kit.rng.pick(shops);
          loanConsented(kit, b, t, checkout(shop, x.device!), { amountMinor: kit.rng.int(20, 150) * 10_000, termMonths: kit.rng.pick([6, 12]), merchantId: shop }, method, x);
        }
      }
    },
  },
  {
    name: 'attack.sleeper-card',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      "A fraudster with the borrower's leaked password opens a bank card in the borrower's own name with a bought copy of their ID (or rents a mule's) and binds it in one short session, the bank's code going to the fraudster's number, leaving the victim's card in place; two to six weeks later, while the victim goes on as before, a draw-down onto it from another device: the password alone, an e-signature or a replayed face.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const strike = strikeAt(kit);
      let t = strike - days(kit, 14, 45);
      b.onboard(-days(kit, 80, 300), t - days(kit, 1, 20));
      if (kit.rng.chance(0.5)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), -days(kit, 75, 78), t - days(kit, 5, 20));
      const x = attackerDevice(kit);
      b.login(t, x, kit.rng.chance(0.8) ? 'password' : 'otp');
      const card = cardAtAnotherBank(kit, kit.rng.chance(0.6) ? b.name : personName(kit.rng), b.card.issuer);
      t += kit.rng.int(1, 15) * MINUTE;
      b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, x);
      b.bind(t, card, x);
      // The victim, none the wiser.
      b.routine(t + HOUR, strike - HOUR);
      const y: Origin = kit.rng.chance(0.4) ? { ...x, device: { id: x.device!.id, ip: ipAddress(kit.rng) } } : attackerDevice(kit);
      t = strike;
      b.login(t - kit.rng.int(1, 30) * MINUTE, y, 'password');
      const loans = kit.rng.chance(0.3) ? 2 : 1;
      for (let i = 0; i < loans; i++) {
        const terms = { amountMinor: kit.rng.int(100, 2000) * 10_000, termMonths: kit.rng.pick([12, 24, 36]) };
        const how = kit.rng.int(0, 2);
        if (how === 0) b.loan(t, y, terms);
        else loanConsented(kit, b, t, y, terms, how === 1 ? 'esign' : 'face');
        t += kit.rng.int(5, 60) * MINUTE;
      }
    },
  },
  {
    name: 'attack.simbox-identity-farm',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A phone farm with a SIM box opens accounts in the names of people whose ID photos leaked, with SIM cards bought in their names, one account per phone of its wall and every session behind another mobile-proxy address; the accounts age two to six weeks with a login now and then, then one night each, minutes apart, takes the same scripted amount or its limit (OTP from the box, or an animated ID photo for the face), some onto cards bound that night.',
    weight: 0.6,
    build(kit) {
      const proxy = proxyPool(kit);
      const accounts = kit.rng.int(3, 6);
      const night = kit.atLocalHour(strikeAt(kit), kit.rng.between(0.5, 4.5));
      const script = kit.rng.pick([500_000, 800_000, 990_000, 1_000_000, 1_999_900, 2_000_000]);
      const toLimit = kit.rng.chance(0.4);
      const term = kit.rng.pick([12, 24]);
      // Cards opened in a batch at one bank, in the names the IDs carry.
      const bank = kit.card('x');
      const batch = kit.rng.chance(0.5);
      const joined = night - days(kit, 14, 45);
      let t = night;
      for (let i = 0; i < accounts; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'attack', proxy());
        if (batch) b.card = { ...kit.card(b.name), first6: bank.first6, issuer: bank.issuer };
        farmOnboard(kit, b, joined + kit.rng.between(0, 5) * DAY, night - days(kit, 0.5, 3), proxy);
        t += kit.rng.int(2, 25) * MINUTE;
        const phone = ownPhoneFrom(b, proxy());
        b.login(t, phone, kit.rng.pick(['password', 'otp'] as const));
        if (kit.rng.chance(0.3)) {
          const mule = { ...strangerCard(kit), first6: bank.first6, issuer: bank.issuer };
          t += kit.rng.int(1, 4) * MINUTE;
          b.consent(t - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.5) ? mule.ref : undefined, phone);
          b.bind(t, mule, phone);
        }
        t += kit.rng.int(1, 6) * MINUTE;
        const amountMinor = toLimit ? kit.rng.int(30, 200) * 10_000 : script;
        loanConsented(kit, b, t, phone, { amountMinor, termMonths: term }, kit.rng.chance(0.6) ? 'otp' : 'face');
      }
    },
  },
  {
    name: 'attack.overlay-face-replay',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A fake "credit-limit booster" app draws an overlay over the platform\'s app: it records the password as typed, the face video while the victim does a real face check on their own phone (a small loan, their own new card, or only the fake app\'s "identity check"), and forwards texts; hours to days later an emulator on a rented server logs in, replays the face through a virtual camera, sometimes to change the phone number first, and borrows, sometimes onto a mule\'s card.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const strike = strikeAt(kit);
      const captured = strike - kit.rng.between(2, 120) * HOUR;
      b.onboard(-days(kit, 40, 300), captured - days(kit, 0.5, 10));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), -days(kit, 35, 38), captured - days(kit, 5, 20));
      let t = captured;
      b.login(t, b.app, kit.rng.pick(['biometric', 'password'] as const));
      const real = kit.rng.int(0, 2);
      t += kit.rng.int(1, 10) * MINUTE;
      if (real === 0) loanConsented(kit, b, t, b.app, { amountMinor: scaled(usual, kit.rng.between(0.4, 1.1)), termMonths: kit.rng.pick([3, 6]) }, 'face');
      else if (real === 1) {
        const own = cardAtAnotherBank(kit, b.name, b.card.issuer);
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.5) ? own.ref : undefined, b.app, 'face');
        b.bind(t, own, b.app);
      }
      const x = emulator(kit);
      t = strike;
      b.login(t, x, 'password');
      let forwarded = true;
      if (kit.rng.chance(0.35)) {
        t += kit.rng.int(2, 15) * MINUTE;
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'contact.change', undefined, x, 'face');
        b.emit('contact.changed', t, { kind: 'phone', value: newPhoneNumber(kit) }, x);
        forwarded = false;
      }
      if (kit.rng.chance(0.5)) {
        const mule = strangerCard(kit);
        t += kit.rng.int(2, 20) * MINUTE;
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.5) ? mule.ref : undefined, x, kit.rng.chance(0.7) ? 'face' : 'otp');
        b.bind(t, mule, x);
      }
      const loans = kit.rng.int(1, 3);
      for (let i = 0; i < loans; i++) {
        t += kit.rng.int(2, 30) * MINUTE;
        const method = forwarded && kit.rng.chance(0.3) ? 'otp' : kit.rng.chance(0.85) ? 'face' : 'otp';
        loanConsented(kit, b, t, x, { amountMinor: kit.rng.int(200, 3000) * 10_000, termMonths: kit.rng.pick([12, 24, 36]) }, method);
      }
    },
  },
  {
    name: 'attack.shop-clerk-consent-reuse',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      "A salesperson at a partner store (a phone shop, a beauty clinic, a driving school) keeps what customers gave for a real instalment purchase, an OTP on their phone or a face on the store's pad: one to twenty days later, after closing or before opening, opens further loans in their names at the store's till, confirmed with the photo taken at the purchase, an e-signature drawn on the pad, or nothing. The store's partner channel should be flagged.",
    weight: 0.5,
    build(kit) {
      const store = kit.newId(kit.rng.pick(['phonestore', 'clinic', 'drivingschool', 'eduagency']));
      kit.expectMerchantFlagged(store);
      const shopIp = ipAddress(kit.rng);
      const till = checkout(store, { id: kit.newId('pos'), ip: shopIp });
      const pad = checkout(store, { id: kit.newId('storepad'), ip: shopIp });
      const weeks = kit.rng.between(2, 8);
      const last = strikeAt(kit);
      const customers = kit.rng.int(3, 6);
      for (let i = 0; i < customers; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'attack');
        const ghost = last - kit.rng.between(0, weeks * 7) * DAY;
        const visit = kit.atLocalHour(ghost - days(kit, 1, 20), kit.rng.between(10, 20.5));
        b.onboard(-days(kit, weeks * 7 + 40, 300), visit - days(kit, 0.5, 30));
        // The real purchase: at the till, the code on the customer's phone, or their face on the store's pad.
        const onPad = kit.rng.chance(0.5);
        const purchase = { amountMinor: kit.rng.int(20, 150) * 10_000, termMonths: kit.rng.pick([6, 12, 24]), merchantId: store };
        loanConsented(kit, b, visit, till, purchase, onPad ? 'face' : 'otp', onPad ? pad : b.app);
        // Later, with the shutters down.
        let t = kit.atLocalHour(ghost, kit.rng.chance(0.7) ? kit.rng.between(20.5, 23.5) : kit.rng.between(7, 9.5));
        const ghosts = kit.rng.chance(0.3) ? 2 : 1;
        for (let g = 0; g < ghosts; g++) {
          const terms = {
            amountMinor: scaled(purchase.amountMinor, kit.rng.between(0.5, 1.5)),
            termMonths: kit.rng.pick([12, 24]),
            merchantId: kit.rng.chance(0.8) ? store : undefined,
          };
          const how = kit.rng.int(0, 2);
          if (how === 0) b.loan(t, till, terms);
          else loanConsented(kit, b, t, till, terms, how === 1 ? 'face' : 'esign', pad);
          t += kit.rng.int(5, 90) * MINUTE;
        }
      }
    },
  },
];
