import type { CardRef } from '@sentinel/contracts';
import { cloudIp, emulator, farmOnboard, proxyPool } from './blind-kit';
import { GATEWAY_PARTNERS } from './fourth-kit';
import { asUnbound, attackerDevice, cardAtAnotherBank, days, habitualAmount, loanHabit, newPhoneNumber, ownPhoneFrom, strikeAt, withoutHolder } from './heldout-kit';
import { DAY, HOUR, ipAddress, MINUTE, type Origin, personName, SECOND, type StoryFamily, type StoryKit } from './story';
import { checkout, inApp, loanConsented, nextLocalHour, RESALE_PARTNERS, scaled } from './unseen-kit';

// Attacks of the fourth held-out batch (docs/eval.md), described since they were tuned on: written
// from how fraud against consumer-credit accounts in China happens (accounts rented out to gangs,
// collectors with console access, banking trojans, cloned shopping apps, card testers, identities
// "raised" for a bust-out), without reading the rules, and kept from whoever tuned them until they
// had been measured once. Each story labels every victim account `attack`.

/** A mule's card, or one from a leaked list: someone else's name. */
const strangerCard = (kit: StoryKit): CardRef => kit.card(personName(kit.rng));

/** Mailboxes a gang registers by the hundred. */
const gangMail = (kit: StoryKit, kind: string) => `${kit.newId(kind).toLowerCase()}@${kit.rng.pick(['163.example', 'qq.example', 'sina.example', 'outlook.example'])}`;

export const FOURTH_ATTACK_FAMILIES: StoryFamily[] = [
  {
    name: 'attack.account-rental',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "A borrower short of money answers an ad paying a few thousand yuan to \"rent out\" their credit account for a month: at the gang's flat, or on a video call, they log in on the gang's phone with the code, pass a face check there, sometimes let the number move to the gang's SIM and hand over a card opened in their own name for it; told to keep off the app, they see nothing while over days the gang draws the line down from its phones (cash, and phones to resell), the face checks done by the owner on a video call.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const strike = strikeAt(kit);
      const handover = kit.atLocalHour(strike - days(kit, 2, 12), kit.rng.between(10, 21));
      const since = -days(kit, 60, 300);
      b.onboard(since, handover - days(kit, 1, 20));
      if (kit.rng.chance(0.6)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 4), since + days(kit, 3, 10), handover - days(kit, 5, 30));
      const studio = ipAddress(kit.rng);
      const inPerson = kit.rng.chance(0.6);
      const gangPhone = kit.newId(kit.rng.pick(['phone', 'redmi', 'oppo', 'vivo']));
      const gang = inApp(gangPhone, studio);
      let t = handover;
      // In person, the owner first shows the limit on their own phone, on the flat's wifi.
      if (inPerson && kit.rng.chance(0.5)) b.login(t - kit.rng.int(2, 15) * MINUTE, ownPhoneFrom(b, studio), 'biometric');
      b.login(t, gang, kit.rng.chance(0.7) ? 'otp' : 'password');
      let moved = false;
      if (kit.rng.chance(0.45)) {
        t += kit.rng.int(2, 12) * MINUTE;
        b.consent(t - kit.rng.int(15, 120) * SECOND, 'contact.change', undefined, gang, inPerson || kit.rng.chance(0.5) ? 'face' : 'otp');
        b.emit('contact.changed', t, { kind: 'phone', value: newPhoneNumber(kit) }, gang);
        moved = true;
      }
      if (kit.rng.chance(0.3)) b.emit('contact.changed', (t += kit.rng.int(1, 8) * MINUTE), { kind: 'email', value: gangMail(kit, 'zu') }, gang);
      if (kit.rng.chance(0.3)) b.emit('preferences.updated', (t += kit.rng.int(1, 5) * MINUTE), { channels: ['email'] }, gang);
      if (kit.rng.chance(0.55)) {
        // A card the owner opened in their own name that week, handed over with its phone banking.
        const card = cardAtAnotherBank(kit, b.name, b.card.issuer);
        t += kit.rng.int(3, 20) * MINUTE;
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, gang, inPerson && kit.rng.chance(0.5) ? 'face' : 'otp');
        b.bind(t, card, gang);
      }
      // The draw-down, over days, from the gang's phones wherever they are.
      const second = inApp(kit.newId('phone'), kit.rng.chance(0.5) ? studio : ipAddress(kit.rng));
      const phones = kit.rng.chance(0.4) ? [gang, second] : [gang];
      const sessions = kit.rng.int(1, 3);
      const when = [strike, ...Array.from({ length: sessions - 1 }, () => handover + (strike - handover) * kit.rng.between(0.1, 0.9))].sort((x, y) => x - y);
      let line = kit.rng.int(300, 2000) * 10_000;
      for (const at of when) {
        const device = kit.rng.pick(phones);
        const here = kit.rng.chance(0.6) ? device : inApp(device.device!.id, ipAddress(kit.rng));
        let s = at;
        if (kit.rng.chance(0.6)) b.login(s - kit.rng.int(1, 20) * MINUTE, here, kit.rng.pick(['password', 'otp'] as const));
        const loans = kit.rng.int(1, 2);
        for (let i = 0; i < loans && line >= 50_000; i++) {
          const amountMinor = Math.min(line, kit.rng.int(50, 800) * 10_000);
          line -= amountMinor;
          const method = moved ? kit.rng.pick(['otp', 'face'] as const) : kit.rng.chance(0.7) ? 'face' : 'otp';
          if (kit.rng.chance(0.25)) {
            const shop = kit.rng.pick(RESALE_PARTNERS.slice(3));
            loanConsented(kit, b, s, checkout(shop, here.device!), { amountMinor, termMonths: kit.rng.pick([12, 24]), merchantId: shop }, method, here);
          } else loanConsented(kit, b, s, here, { amountMinor, termMonths: kit.rng.pick([12, 24, 36]) }, method);
          s += kit.rng.int(3, 50) * MINUTE;
        }
      }
      // Some owners peek anyway.
      if (kit.rng.chance(0.25)) b.login(handover + (strike - handover) * kit.rng.between(0.2, 0.8), b.app, 'biometric');
    },
  },
  {
    name: 'attack.collector-rollover-loans',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "A collector at an outsourced debt-collection agency, paid on what they recover and given support-console access, clears overdue borrowers' arrears with new loans in their names (\"borrow new to repay old\"): from the console a password reset or SMS notices turned off, then from the agency's work phones a login and a loan somewhat larger than the overdue one, consented with the code the frightened borrower reads out on a collection call, or with none; two to four borrowers from one collector's queue within a week.",
    weight: 0.7,
    build(kit) {
      const office = ipAddress(kit.rng);
      const seat = kit.rng.int(1, 80);
      const collector: Origin = {
        channel: 'support',
        actor: { kind: 'agent', id: `collector-${kit.rng.int(100, 999)}` },
        device: { id: `agency-ws-${seat}`, ip: office },
      };
      const hotline: Origin = { channel: 'support', actor: { kind: 'borrower' } };
      const workPhones = Array.from({ length: kit.rng.int(1, 2) }, () => inApp(kit.newId('workphone'), office));
      const last = strikeAt(kit);
      const borrowers = kit.rng.int(2, 4);
      for (let i = 0; i < borrowers; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'attack');
        const t0 = kit.atLocalHour(last - days(kit, 0, 6), kit.rng.between(9, 20.5));
        const overdueAt = t0 - days(kit, 45, 130);
        const since = -days(kit, 150, 300);
        b.onboard(since, overdueAt + days(kit, 5, 25));
        const usual = habitualAmount(kit);
        const habitFrom = since + days(kit, 3, 10);
        const habitTo = overdueAt - days(kit, 10, 30);
        if (habitTo - habitFrom > 5 * DAY && kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), habitFrom, habitTo);
        const overdue = scaled(usual, kit.rng.between(0.8, 2));
        b.consentedLoan(overdueAt, b.usual(), { amountMinor: overdue, termMonths: kit.rng.pick([1, 3]) });
        // Behind on it, the borrower looks at the bill now and then.
        if (kit.rng.chance(0.4)) b.login(overdueAt + days(kit, 30, 40), b.app, 'biometric');
        const phone = kit.rng.pick(workPhones);
        let t = t0;
        if (kit.rng.chance(0.55)) {
          b.emit('password.reset', t, { method: 'support' }, collector);
          b.login((t += kit.rng.int(1, 10) * MINUTE), phone, 'password');
        } else b.login(t, phone, 'otp');
        if (kit.rng.chance(0.4)) {
          b.emit(
            'preferences.updated',
            (t += kit.rng.int(1, 5) * MINUTE),
            kit.rng.chance(0.5) ? { channels: ['email'] } : { quietHours: { start: '07:00', end: '23:00' } },
            collector,
          );
        }
        t += kit.rng.int(2, 20) * MINUTE;
        const terms = { amountMinor: scaled(overdue, kit.rng.between(1.1, 1.8)), termMonths: kit.rng.pick([6, 12, 24]) };
        const how = kit.rng.next();
        if (how < 0.55) loanConsented(kit, b, t, phone, terms, 'otp');
        else if (how < 0.75) b.loan(t, phone, terms);
        else loanConsented(kit, b, t, collector, terms, 'otp', hotline);
        // The borrower sees a new loan on the bill later.
        if (kit.rng.chance(0.35)) b.login(Math.min(-MINUTE, t + days(kit, 0.2, 2)), b.app, kit.rng.pick(['biometric', 'password'] as const));
      }
    },
  },
  {
    name: 'attack.payout-card-trojan',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "A banking trojan (from a fake \"ETC activation\" or parcel-tracking app) sits on the borrower's phone with accessibility rights; on the day the borrower takes a large loan of their own (a renovation, a wedding, a car), face-verified in the app, it binds a mule's card from the same phone and network, reading the texts, minutes before the payout or seconds after the loan event, so that the money lands there; that night it removes the card again. The borrower's own card stays bound.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t0 = kit.atLocalHour(strikeAt(kit), kit.rng.between(9, 22));
      const since = -days(kit, 40, 300);
      b.onboard(since, t0 - days(kit, 0.3, 6));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.7)) loanHabit(kit, b, usual, kit.rng.int(1, 4), since + days(kit, 3, 10), t0 - days(kit, 5, 30));
      // At home, or out and on mobile data.
      const where = kit.rng.chance(0.7) ? b.app : ownPhoneFrom(b, ipAddress(kit.rng));
      let t = t0;
      b.login(t, where, kit.rng.pick(['biometric', 'password'] as const));
      t += kit.rng.int(2, 20) * MINUTE;
      const amountMinor = Math.max(kit.rng.int(300, 2000) * 10_000, scaled(usual, kit.rng.between(2, 6)));
      const loanAt = t;
      loanConsented(kit, b, loanAt, where, { amountMinor, termMonths: kit.rng.pick([12, 24, 36]) }, kit.rng.chance(0.8) ? 'face' : 'otp');
      const mule = strangerCard(kit);
      const card = kit.rng.chance(0.3) ? withoutHolder(mule) : mule;
      const bindAt = loanAt + (kit.rng.chance(0.6) ? -kit.rng.int(30, 600) : kit.rng.int(3, 90)) * SECOND;
      if (kit.rng.chance(0.8)) b.consent(bindAt - kit.rng.int(5, 40) * SECOND, 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, where, 'otp');
      b.bind(bindAt, card, where);
      // Cleaning up in the small hours, the phone on the night-stand at home.
      if (kit.rng.chance(0.6)) {
        const at = Math.min(-MINUTE, nextLocalHour(kit, loanAt, kit.rng.between(1, 4.5)));
        if (kit.rng.chance(0.5)) b.consent(at - kit.rng.int(5, 40) * SECOND, 'card.unbind', kit.rng.chance(0.5) ? card.ref : undefined, b.app, 'otp');
        b.unbind(at, asUnbound(kit, card), b.app);
      }
      if (kit.rng.chance(0.4)) b.login(Math.min(-MINUTE, t0 + days(kit, 0.7, 2)), b.app, 'biometric');
    },
  },
  {
    name: 'attack.cloned-partner-app',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "A clone of a real partner's instalment-shopping app, spread by ads and download links, shows phones and appliances at \"0% interest\": the buyer types in their platform password and the code, and the clone's servers, signed up as a sub-merchant behind a real payment gateway, open loans through the gateway's partner channel in the buyer's name (often for more than the price shown, sometimes a second one later); the goods never come. Nothing happens on the buyers' phones. The sub-merchant should be flagged.",
    weight: 0.6,
    build(kit) {
      const gateway = kit.rng.pick(GATEWAY_PARTNERS);
      const shell = kit.newId(kit.rng.pick(['youpinmall', 'lehuigo', 'quanmindeal', 'zerofeeshop']));
      kit.expectMerchantFlagged(shell);
      const servers = Array.from({ length: kit.rng.int(1, 2) }, () => ({ id: kit.newId('apisrv'), ip: cloudIp(kit) }));
      const weeks = kit.rng.between(1, 5);
      const last = strikeAt(kit);
      const buyers = kit.rng.int(3, 6);
      for (let i = 0; i < buyers; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'attack');
        const at = kit.atLocalHour(last - kit.rng.between(0, weeks * 7) * DAY, kit.rng.between(9, 23.5));
        b.onboard(-days(kit, weeks * 7 + 30, 300), at - days(kit, 0.5, 20));
        const server = kit.rng.pick(servers);
        let t = at;
        if (kit.rng.chance(0.5)) b.login(t - kit.rng.int(20, 300) * SECOND, { channel: 'web', actor: { kind: 'borrower' }, device: server }, 'password');
        const shown = kit.rng.int(10, 60) * 10_000;
        const terms = { amountMinor: kit.rng.chance(0.5) ? shown : scaled(shown, kit.rng.between(1.5, 4)), termMonths: kit.rng.pick([6, 12, 24]), merchantId: shell };
        loanConsented(kit, b, t, checkout(gateway, server), terms, 'otp');
        if (kit.rng.chance(0.3)) {
          // "Your order failed, try again": a second code, or none, on the session the clone kept.
          t = Math.min(last, t + kit.rng.between(0.05, 48) * HOUR);
          const again = { ...terms, amountMinor: kit.rng.int(20, 300) * 10_000 };
          if (kit.rng.chance(0.5)) loanConsented(kit, b, t, checkout(gateway, server), again, kit.rng.chance(0.7) ? 'otp' : 'esign');
          else b.loan(t, checkout(gateway, server), again);
        }
        if (kit.rng.chance(0.4)) b.login(Math.min(-MINUTE, t + days(kit, 1, 10)), b.usual(), kit.rng.pick(['biometric', 'password'] as const));
      }
    },
  },
  {
    name: 'attack.card-testing-bench',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A carder with leaked "four-element" records (name, ID number, card number, reserved phone) uses one account as a test bench, opened weeks before with a bought identity on a phone behind mobile proxies, or an old one bought off a password list and worked from an emulator: in one evening session binds card after card in other people\'s names, often from one bank\'s batch (only those whose bank check passes arrive as binds), removing each seconds to minutes later; sometimes a loan onto the last good card.',
    weight: 0.8,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const session = kit.atLocalHour(strikeAt(kit), kit.rng.between(19, 27));
      const own = kit.rng.chance(0.5);
      let from: () => Origin;
      if (own) {
        const proxy = proxyPool(kit);
        farmOnboard(kit, b, session - days(kit, 7, 40), session - days(kit, 0.5, 3), proxy);
        const fixed = ownPhoneFrom(b, proxy());
        from = kit.rng.chance(0.5) ? () => fixed : () => ownPhoneFrom(b, proxy());
      } else {
        const since = -days(kit, 60, 300);
        b.onboard(since, session - days(kit, 1, 30));
        if (kit.rng.chance(0.4)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), since + days(kit, 3, 10), session - days(kit, 10, 40));
        const x = kit.rng.chance(0.6) ? emulator(kit) : attackerDevice(kit);
        from = () => x;
      }
      let t = session;
      b.login(t, from(), own ? kit.rng.pick(['otp', 'password'] as const) : 'password');
      const batch = kit.rng.chance(0.4) ? kit.card('x') : undefined;
      const tries = kit.rng.int(4, 12);
      const kept: CardRef[] = [];
      let good: CardRef | undefined;
      for (let i = 0; i < tries; i++) {
        t += kit.rng.int(20, 400) * SECOND;
        const card = batch ? { ...strangerCard(kit), first6: batch.first6, issuer: batch.issuer } : strangerCard(kit);
        const o = from();
        if (own && kit.rng.chance(0.6)) b.consent(t - kit.rng.int(5, 30) * SECOND, 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, o, 'otp');
        else if (!own && kit.rng.chance(0.3)) b.consent(t - kit.rng.int(5, 30) * SECOND, 'card.bind', card.ref, o, 'esign');
        b.bind(t, card, o);
        good = card;
        if (kit.rng.chance(0.7)) {
          t += kit.rng.int(10, 300) * SECOND;
          b.unbind(t, asUnbound(kit, card), from(), kit.rng.pick([undefined, undefined, 'user removed card']));
        } else kept.push(card);
      }
      if (kept.length > 0 && kit.rng.chance(0.5)) {
        for (const card of kept) b.unbind((t += kit.rng.int(5, 60) * SECOND), asUnbound(kit, card), from());
        kept.length = 0;
      }
      if (good && kit.rng.chance(0.25)) {
        // The best card kept for a quick cash-out.
        if (!kept.includes(good)) b.bind((t += kit.rng.int(1, 10) * MINUTE), { ...good, ref: kit.newId('card') }, from());
        t += kit.rng.int(1, 15) * MINUTE;
        const terms = { amountMinor: kit.rng.int(50, 800) * 10_000, termMonths: kit.rng.pick([6, 12]) };
        if (own) loanConsented(kit, b, t, from(), terms, 'otp');
        else if (kit.rng.chance(0.5)) loanConsented(kit, b, t, from(), terms, 'esign');
        else b.loan(t, from(), terms);
      }
    },
  },
  {
    name: 'attack.synthetic-bust-out',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'An account "raised" by a fraudster on an identity bought from its owner, with a card in that name: one phone, one flat, six to nine months of logins and small loans repaid on time to lift the line, sometimes a card at a second bank bound that week; then in one day the line is drawn in two to five loans (cash, and phones or gift cards at partners), each with the code or the face the fraudster has, and the account falls silent.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const bust = kit.atLocalHour(strikeAt(kit), kit.rng.between(9, 23));
      const since = -days(kit, 180, 295);
      b.onboard(since, bust - days(kit, 1, 8));
      const small = kit.rng.int(5, 30) * 10_000;
      loanHabit(kit, b, small, kit.rng.int(3, 7), since + days(kit, 7, 20), bust - days(kit, 30, 60));
      // The line went up; a couple of bigger loans repaid just as fast.
      if (kit.rng.chance(0.5)) loanHabit(kit, b, scaled(small, kit.rng.between(2, 3)), kit.rng.int(1, 2), bust - days(kit, 28, 30), bust - days(kit, 5, 12));
      if (kit.rng.chance(0.5)) {
        const card = cardAtAnotherBank(kit, b.name, b.card.issuer);
        const at = bust - days(kit, 0.2, 5);
        const o = b.usual();
        b.consent(at - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? card.ref : undefined, o, kit.rng.chance(0.7) ? 'otp' : 'face');
        b.bind(at, card, o);
      }
      let t = bust;
      b.login(t - kit.rng.int(1, 30) * MINUTE, b.app, kit.rng.pick(['biometric', 'password'] as const));
      const loans = kit.rng.int(2, 5);
      for (let i = 0; i < loans; i++) {
        const method = kit.rng.chance(0.7) ? 'otp' : 'face';
        const amountMinor = kit.rng.int(50, 500) * 10_000;
        if (kit.rng.chance(0.4)) {
          const shop = kit.rng.pick(RESALE_PARTNERS);
          loanConsented(kit, b, t, checkout(shop, b.phone), { amountMinor, termMonths: kit.rng.pick([6, 12, 24]), merchantId: shop }, method, b.app);
        } else loanConsented(kit, b, t, kit.rng.chance(0.8) ? b.app : b.web, { amountMinor, termMonths: kit.rng.pick([12, 24, 36]) }, method);
        t += kit.rng.int(5, 120) * MINUTE;
      }
    },
  },
];
