import type { CardRef, Device } from '@sentinel/contracts';
import { cloudIp } from './blind-kit';
import { mailbox, minutes, nth } from './fifth-kit';
import { asUnbound, attackerDevice, days, habitualAmount, loanHabit, ownPhoneFrom, strikeAt } from './heldout-kit';
import { APARTMENT_BRANDS, capped, hasEmail, hundredsOfYuan, LEAD_BRANDS, LIVESTREAM_PARTNERS, seconds, signUp, strangerCard } from './sixth-kit';
import { DAY, HOUR, ipAddress, MINUTE, type Origin, type StoryFamily } from './story';
import { checkout, freshPhoneId, inApp, loanConsented, RESALE_PARTNERS, scaled } from './unseen-kit';

// Attacks of the sixth held-out batch (docs/eval.md), described since they were tuned on: written from how fraud against consumer-credit
// accounts in China happens (a long-rent apartment operator's "rent loans", a loan-supermarket app
// that borrows on its users' tokens, a labour agency holding its workers' IDs and payroll cards, a
// live-stream guild's manager and a big tipper, a fake loan app's "unfreeze fee", an old phone sold
// still signed in), without reading the rules, and kept from whoever tuned them until they had been
// measured once. Each story labels every victim account `attack`.

export const SIXTH_ATTACK_FAMILIES: StoryFamily[] = [
  {
    name: 'attack.apartment-rent-loan',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A long-rent apartment operator (a "second landlord" that leases flats from their owners, partitions and repaints them and sublets the rooms to young workers) offers "monthly rent, no deposit": at the signing, in its branch office or in the room on the viewing, its agent has the tenant install the platform\'s app, sign up with their ID and their card and "sign the lease" with a face check or an e-signature on the agent\'s pad, which is in fact a twelve-month loan for the year\'s rent paid to the operator at its partner checkout; the agent often puts the operator\'s "lease service" mailbox on file so the loan notices go there; in its last weeks, short of cash, it signs up tenants faster and opens "renewals" in the names of tenants who signed months before, e-signed on the pad with nobody there, then stops paying the flats\' owners. The operator is a partner of the platform; it should be flagged.',
    weight: 0.8,
    build(kit) {
      const operator = kit.newId(kit.rng.pick(APARTMENT_BRANDS));
      kit.expectMerchantFlagged(operator);
      const branch = ipAddress(kit.rng);
      const pad: Device = { id: kit.newId('pad'), ip: branch };
      const collapse = kit.atLocalHour(strikeAt(kit), kit.rng.between(10, 21));
      const leaseBox = `${operator}-lease@${kit.rng.pick(['163.example', 'qq.example', '126.example'])}`;
      const tenants = kit.rng.int(2, 4);
      for (let i = 0; i < tenants; i++) {
        const b = kit.borrower(nth(i), 'attack');
        const room = ipAddress(kit.rng);
        // The last tenants sign in the final push; the others months before.
        const late = i === tenants - 1 || kit.rng.chance(0.3);
        const signed = kit.atLocalHour(collapse - (late ? days(kit, 0.5, 8) : days(kit, 25, 200)), kit.rng.between(10, 20.5));
        const viewing = kit.rng.chance(0.35) ? room : branch;
        const here = () => ownPhoneFrom(b, viewing);
        const atHome = () => (kit.rng.chance(0.8) ? ownPhoneFrom(b, room) : ownPhoneFrom(b, ipAddress(kit.rng)));
        if (kit.rng.chance(0.35)) {
          // A borrower already, from a phone bought on instalments here before.
          const since = Math.max(-295 * DAY, signed - days(kit, 60, 250));
          b.onboard(since, signed - days(kit, 1, 10));
          b.login(signed, here(), kit.rng.pick(['biometric', 'password'] as const));
          if (kit.rng.chance(0.45)) {
            b.emit('contact.changed', signed + minutes(kit, 2, 6), { kind: 'email', value: leaseBox }, here());
          }
        } else {
          signUp(kit, b, signed, signed + HOUR, {
            first: kit.rng.chance(0.75) ? here() : { channel: 'app', actor: { kind: 'borrower' }, device: pad },
            on: here,
            email: kit.rng.chance(0.55) ? leaseBox : undefined,
          });
        }
        const rent = hundredsOfYuan(kit, 15, 55);
        const at = signed + minutes(kit, 25, 60);
        const terms = { amountMinor: rent * 12, termMonths: 12, merchantId: operator };
        const how = kit.rng.next();
        if (how < 0.45) loanConsented(kit, b, at, checkout(operator, pad), terms, 'esign', checkout(operator, pad));
        else if (how < 0.85) loanConsented(kit, b, at, checkout(operator, here().device!), terms, 'face', here());
        else loanConsented(kit, b, at, checkout(operator, pad), terms, 'otp', here());
        // Living there: the app opened now and then to look at "the rent".
        for (let t = at + days(kit, 2, 12); t < -HOUR; t += days(kit, 6, 25)) b.login(t, atHome(), kit.rng.pick(['biometric', 'password'] as const));
        if (!late && kit.rng.chance(0.55)) {
          // A "renewal" in the last days, on the pad in the office, with nobody there.
          const renewal = Math.min(-MINUTE, kit.atLocalHour(collapse - days(kit, 0, 3), kit.rng.between(9, 22)));
          const again = { amountMinor: rent * kit.rng.pick([6, 12]), termMonths: 12, merchantId: operator };
          if (kit.rng.chance(0.6)) loanConsented(kit, b, renewal, checkout(operator, pad), again, 'esign', checkout(operator, pad));
          else b.loan(renewal, checkout(operator, pad), again);
        }
      }
    },
  },
  {
    name: 'attack.lead-partner-token-loans',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      'A "loan supermarket" app, a lead-generation partner paid a commission on every loan drawn by a user it brought, through which people signed up months ago with its one-tap login and mostly never came back; its commissions falling, it has its servers use the login tokens it kept: on one or two nights, in the small hours, it signs in as one dormant user after another through its partner channel and opens a small cash loan for each, "signed" with the e-signature its server replays from the sign-up agreement or with nothing, minutes apart, from two or three rented servers; the users learn of it days later from the repayment text. The partner should be flagged.',
    weight: 0.8,
    build(kit) {
      const partner = kit.newId(kit.rng.pick(LEAD_BRANDS));
      kit.expectMerchantFlagged(partner);
      const channel = `partner:${partner}` as const;
      const servers: Device[] = Array.from({ length: kit.rng.int(1, 3) }, () => ({ id: kit.newId('srv'), ip: cloudIp(kit) }));
      const server = (): Origin => ({ channel, actor: { kind: 'partner', id: partner }, device: kit.rng.pick(servers) });
      const night = kit.atLocalHour(strikeAt(kit), kit.rng.between(24.5, 28.5));
      const nights = kit.rng.chance(0.35) ? [night - kit.rng.int(1, 6) * DAY, night] : [night];
      const users = kit.rng.int(3, 4);
      for (let i = 0; i < users; i++) {
        const b = kit.borrower(nth(i), 'attack');
        const since = -days(kit, 60, 290);
        const viaPartner: Origin = { channel, actor: { kind: 'borrower' }, device: b.phone };
        signUp(kit, b, since, since + days(kit, 5, 60), {
          first: viaPartner,
          on: () => b.app,
          method: 'sso',
          email: kit.rng.chance(0.3) ? mailbox(kit, 'mail') : undefined,
          every: [4, 20],
        });
        if (kit.rng.chance(0.35)) {
          // The one loan they took through the partner's page when they signed up, with their own code.
          loanConsented(
            kit,
            b,
            since + days(kit, 0.1, 3),
            checkout(partner, b.phone),
            { amountMinor: hundredsOfYuan(kit, 5, 40), termMonths: 3, merchantId: partner },
            'otp',
            b.app,
          );
        }
        // Now and then back through the partner's page, with its one-tap login.
        for (let n = kit.rng.int(0, 2), back = since + days(kit, 20, 120); n > 0 && back < nights[0] - DAY; n--, back += days(kit, 10, 60)) b.login(back, viaPartner, 'sso');
        const when = kit.rng.pick(nights);
        const t = when + i * minutes(kit, 1, 12) + seconds(kit, 0, 50);
        const o = server();
        b.login(t, o, 'sso');
        const terms = { amountMinor: hundredsOfYuan(kit, 8, 50), termMonths: kit.rng.pick([3, 6, 12]), merchantId: partner };
        const at = t + seconds(kit, 20, 240);
        if (kit.rng.chance(0.6)) loanConsented(kit, b, at, o, terms, 'esign');
        else b.loan(at, o, terms);
        // The repayment text brings some of them back to the app.
        if (kit.rng.chance(0.35)) b.login(Math.min(-MINUTE, at + days(kit, 0.3, 2)), b.app, kit.rng.pick(['password', 'otp'] as const));
      }
    },
  },
  {
    name: 'attack.labour-agency-payroll-cards',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "A clerk at a labour-dispatch agency that supplies young workers to an electronics factory holds, \"for safekeeping\", copies of their ID cards, the payroll cards the agency opened for them in one batch at one bank, and the SIM cards it registered in their names for the dormitory, in a drawer phone; workers who never used the platform get accounts opened in office hours from the agency's PC or the drawer phone, one after another over days, each with the worker's own payroll card; weeks later, near the contract's end or before the holiday when the workers leave, loans are drawn in their names with the codes that reach the drawer phone, onto the payroll cards the agency empties before paying the last wages, or onto a card in the clerk's own name bound for it, the worker's card sometimes removed.",
    weight: 0.8,
    build(kit) {
      const office = ipAddress(kit.rng);
      const pc: Origin = { channel: 'web', actor: { kind: 'borrower' }, device: { id: kit.newId('pc'), ip: office } };
      const drawer = inApp(kit.newId(kit.rng.pick(['redmi', 'oppo', 'vivo', 'honor'])), office);
      const desk = () => (kit.rng.chance(0.5) ? pc : drawer);
      const batch = kit.card('批量');
      const clerk = strangerCard(kit);
      const payday = kit.atLocalHour(strikeAt(kit), kit.rng.between(9, 21));
      const opening = payday - days(kit, 20, 80);
      const workers = kit.rng.int(2, 4);
      for (let i = 0; i < workers; i++) {
        const b = kit.borrower(nth(i), 'attack');
        const payroll: CardRef = { ...kit.card(b.name), first6: batch.first6, issuer: batch.issuer };
        const opened = kit.atLocalHour(opening + i * days(kit, 0.5, 4), kit.rng.between(9, 17.5));
        signUp(kit, b, opened, payday - DAY, { first: desk(), on: desk, card: payroll, every: [7, 25] });
        let t = i === 0 ? payday : Math.min(-HOUR, kit.atLocalHour(payday - days(kit, 0, 4), kit.rng.chance(0.6) ? kit.rng.between(12, 13.5) : kit.rng.between(17.5, 21)));
        const o = desk();
        b.login(t, o, kit.rng.pick(['password', 'otp'] as const));
        let onto = payroll;
        if (kit.rng.chance(0.4)) {
          onto = { ...clerk, ref: kit.newId('card') };
          t += minutes(kit, 1, 10);
          b.consent(t - seconds(kit, 10, 60), 'card.bind', kit.rng.chance(0.5) ? onto.ref : undefined, o, 'otp');
          b.bind(t, onto, o);
          if (kit.rng.chance(0.6)) {
            t += minutes(kit, 1, 5);
            b.consent(t - seconds(kit, 5, 40), 'card.unbind', kit.rng.chance(0.5) ? payroll.ref : undefined, o, 'otp');
            b.unbind(t, asUnbound(kit, payroll), o, kit.rng.pick([undefined, 'user removed card']));
          }
        }
        const loans = kit.rng.chance(0.3) ? 2 : 1;
        for (let l = 0; l < loans; l++) {
          t += minutes(kit, 2, 20);
          loanConsented(kit, b, t, o, { amountMinor: hundredsOfYuan(kit, 20, 120), termMonths: kit.rng.pick([6, 12, 24]) }, 'otp');
        }
      }
    },
  },
  {
    name: 'attack.livestream-guild-manager',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A big tipper in a streamer\'s live room (a lonely middle-aged man, a young woman who follows a male streamer) is cultivated in private chats by the streamer\'s guild manager: on "PK" nights, when two streamers\' rooms compete, the manager begs him to top up to save her, and when his money runs out, to buy the coins on instalments: on his own phone late at night, several purchases within an hour at the streaming app\'s coin checkout, night after night over weeks; then, "so you need not stay up", he gives the manager the password and reads out the codes, and the manager tops up from his own phone in another city on the next PK nights and takes a cash loan to "lend to the streamer", sometimes onto a card in her name bound for it, sometimes turning the text notices off.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const since = -days(kit, 90, 295);
      const last = kit.atLocalHour(strikeAt(kit), kit.rng.between(22, 25.5));
      const hooked = last - days(kit, 12, 50);
      b.onboard(since, hooked);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), hooked - days(kit, 3, 10));
      const coins = kit.rng.pick(LIVESTREAM_PARTNERS);
      const handedOver = kit.rng.chance(0.75) ? kit.atLocalHour(last - days(kit, 1, 6), kit.rng.between(22, 24.5)) : last + DAY;
      const manager = attackerDevice(kit, 'app');
      const pk = (night: number, o: Origin, consentOrigin: Origin, method: () => 'otp' | 'face', size: [number, number]) => {
        let t = night;
        b.login(t, o, o === b.app ? 'biometric' : 'password');
        const buys = kit.rng.int(1, 4);
        for (let i = 0; i < buys; i++) {
          t += minutes(kit, 3, 18);
          loanConsented(
            kit,
            b,
            t,
            checkout(coins, o.device!),
            { amountMinor: hundredsOfYuan(kit, size[0], size[1]), termMonths: kit.rng.pick([3, 6, 12]), merchantId: coins },
            method(),
            consentOrigin,
          );
        }
        return t;
      };
      // His own nights: the phone at home, the face or the code.
      let size: [number, number] = [3, 15];
      for (let d = hooked; ; d += days(kit, 4, 12)) {
        const night = kit.atLocalHour(d, kit.rng.between(22, 24.5));
        if (night >= Math.min(handedOver, last) - DAY) break;
        pk(night, b.app, b.app, () => (kit.rng.chance(0.5) ? 'face' : 'otp'), size);
        size = [Math.min(size[0] + 2, 20), Math.min(size[1] + 10, 80)];
      }
      // Daytime looks at the app, at lunch.
      for (let d = hooked + days(kit, 1, 4); d < last; d += days(kit, 2, 6)) b.login(kit.atLocalHour(d, kit.rng.between(12, 13.5)), b.app, 'biometric');
      if (handedOver > last) {
        pk(last, b.app, b.app, () => 'face', size);
        return;
      }
      // The manager's nights: his own phone, the code the tipper reads out on a call.
      if (kit.rng.chance(0.3)) b.emit('preferences.updated', handedOver + seconds(kit, 30, 150), { quietHours: { start: '21:00', end: '09:00' } }, manager);
      const nights = [handedOver];
      for (let d = handedOver + days(kit, 1, 3); d < last - 12 * HOUR; d += days(kit, 1, 3)) nights.push(kit.atLocalHour(d, kit.rng.between(22, 24.8)));
      nights.push(last);
      nights.forEach((night, n) => {
        const end = pk(night, manager, manager, () => 'otp', [Math.max(size[0], 10), Math.max(size[1], 60)]);
        if (n === nights.length - 1 && kit.rng.chance(0.6)) {
          let t = end + minutes(kit, 5, 30);
          if (kit.rng.chance(0.5)) {
            const hers = strangerCard(kit);
            b.consent(t - seconds(kit, 10, 60), 'card.bind', kit.rng.chance(0.5) ? hers.ref : undefined, manager, 'otp');
            b.bind(t, hers, manager);
            t += minutes(kit, 2, 10);
          }
          loanConsented(
            kit,
            b,
            t,
            manager,
            { amountMinor: Math.max(hundredsOfYuan(kit, 50, 300), scaled(usual, kit.rng.between(2, 6))), termMonths: kit.rng.pick([12, 24]) },
            'otp',
          );
        }
      });
    },
  },
  {
    name: 'attack.fake-loan-app-unfreeze',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A borrower turned down elsewhere answers a text for a "low-interest, no-check" loan app, a fake: it "approves" fifty thousand yuan, then "freezes" the payout ("the card number you typed is wrong", "your repayment ability must be verified") and its "customer service" says a deposit will unfreeze it, and, when the borrower has no money, to borrow it on real platforms, naming this one: the borrower signs up that day on their own phone (or opens an account they had forgotten), binds their card and takes a cash loan with their own face, sends it on, then is asked for an "insurance fee", a "membership" and "tax", each larger, over one or two days, sometimes as e-gift cards bought on instalments at a partner and their codes sent, sometimes onto a "finance officer\'s" card bound for it.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const day = kit.atLocalHour(strikeAt(kit) - days(kit, 0, 1), kit.rng.between(9, 21));
      const mobile = kit.rng.chance(0.4);
      const here = (): Origin => (mobile && kit.rng.chance(0.7) ? ownPhoneFrom(b, ipAddress(kit.rng)) : b.app);
      let t = day;
      if (kit.rng.chance(0.4)) {
        // An account opened long ago for a phone on instalments, untouched for months.
        const since = -days(kit, 150, 295);
        b.onboard(since, since + days(kit, 10, 40));
        if (kit.rng.chance(0.5)) loanHabit(kit, b, habitualAmount(kit), 1, since + days(kit, 1, 5), since + days(kit, 6, 10));
        if (kit.rng.chance(0.4)) {
          b.emit('password.reset', t, { method: 'sms' }, here());
          t += minutes(kit, 1, 4);
        }
        b.login(t, here(), 'password');
      } else {
        signUp(kit, b, t, t, { on: here, first: b.app, method: 'otp' });
        t += minutes(kit, 20, 40);
      }
      let amount = hundredsOfYuan(kit, 20, 80);
      let theirs: CardRef | undefined;
      const steps = kit.rng.int(2, 5);
      for (let s = 0; s < steps; s++) {
        if (s > 0) {
          // The next "fee": minutes later on the chat, or the next morning after a night of worry.
          t += kit.rng.chance(0.7) ? minutes(kit, 20, 150) : days(kit, 0.4, 0.8);
          if (t > -10 * MINUTE) break;
          if (kit.rng.chance(0.5)) b.login(t - minutes(kit, 1, 3), here(), kit.rng.pick(['biometric', 'password'] as const));
        }
        const o = here();
        const what = kit.rng.next();
        if (what < 0.25) {
          const shop = kit.rng.pick(RESALE_PARTNERS.slice(0, 3));
          const pieces = kit.rng.int(1, 3);
          for (let k = 0; k < pieces && t < -5 * MINUTE; k++) {
            const piece = capped(amount / pieces, 2_000_000);
            loanConsented(
              kit,
              b,
              t,
              checkout(shop, o.device!),
              { amountMinor: piece, termMonths: kit.rng.pick([3, 6]), merchantId: shop },
              kit.rng.chance(0.6) ? 'otp' : 'face',
              o,
            );
            t += minutes(kit, 2, 8);
          }
        } else {
          if (!theirs && s > 0 && kit.rng.chance(0.3)) {
            theirs = strangerCard(kit);
            b.consent(t - seconds(kit, 10, 60), 'card.bind', kit.rng.chance(0.5) ? theirs.ref : undefined, o, 'otp');
            b.bind(t, theirs, o);
            t += minutes(kit, 1, 6);
          }
          loanConsented(kit, b, t, o, { amountMinor: amount, termMonths: kit.rng.pick([6, 12, 24]) }, kit.rng.chance(0.65) ? 'face' : 'otp');
        }
        amount = capped(amount * kit.rng.between(1.3, 2.2), 6_000_000);
      }
    },
  },
  {
    name: 'attack.resold-phone-signed-in',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      "The borrower upgrades and sells the old phone on a second-hand app or to a street recycler, deleting the photos but not signing out of the apps (or a cloud backup restores them); they go on with the platform on the new phone. Weeks later the buyer, or a refurbisher who opens every app on every phone he buys, finds the app still signed in, adds his own fingerprint to the handset and signs in with it from his own town: the codes still go to the seller's number, so he buys phone credit and gift cards in small sums at partners' checkouts with no code or an in-app e-signature, and sometimes puts his own mailbox on file, resets the password by email and goes on from his own phone, while the owner keeps signing in on the new one.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const since = -days(kit, 150, 295);
      const strike = kit.atLocalHour(strikeAt(kit), kit.rng.between(10, 24));
      const upgrade = strike - days(kit, 15, 110);
      b.onboard(since, upgrade);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), since + days(kit, 3, 8), upgrade - days(kit, 2, 10));
      const fresh = inApp(freshPhoneId(kit), b.phone.ip!);
      b.login(upgrade, fresh, kit.rng.pick(['otp', 'password'] as const));
      const owner = (): Origin => (b.laptop && kit.rng.chance(0.2) ? b.web : kit.rng.chance(0.85) ? fresh : inApp(fresh.device!.id, ipAddress(kit.rng)));
      for (let t = upgrade + days(kit, 0.5, 3); t < -HOUR; t += days(kit, 2, 8)) {
        if (Math.abs(t - strike) > 3 * HOUR) b.login(t, owner(), kit.rng.pick(['biometric', 'biometric', 'password'] as const));
      }
      const buyerLine = ipAddress(kit.rng);
      const old = () => ownPhoneFrom(b, kit.rng.chance(0.8) ? buyerLine : ipAddress(kit.rng));
      // A refurbisher opens it once on the bench, and comes back when it pays.
      if (kit.rng.chance(0.3)) b.login(strike - days(kit, 1, 12), old(), 'biometric');
      let t = strike;
      const o = old();
      b.login(t, o, 'biometric');
      const buys = kit.rng.int(1, 4);
      for (let i = 0; i < buys; i++) {
        t += minutes(kit, 2, 25);
        const shop = kit.rng.pick(RESALE_PARTNERS);
        const terms = { amountMinor: hundredsOfYuan(kit, 2, 25), termMonths: kit.rng.pick([3, 6]), merchantId: shop };
        if (kit.rng.chance(0.5)) loanConsented(kit, b, t, checkout(shop, o.device!), terms, 'esign', o);
        else b.loan(t, checkout(shop, o.device!), terms);
      }
      if (kit.rng.chance(0.35)) {
        // His own mailbox, a reset by email, and on from his own phone.
        const had = hasEmail(kit, b.accountId);
        t += minutes(kit, 5, 60);
        if (kit.rng.chance(0.5)) b.consent(t - seconds(kit, 10, 60), 'contact.change', undefined, o, 'esign');
        b.emit('contact.changed', t, { kind: 'email', value: mailbox(kit, had ? 'new' : 'box') }, o);
        t += minutes(kit, 2, 20);
        const his = inApp(kit.newId(kit.rng.pick(['phone', 'redmi', 'iphone'])), buyerLine);
        b.emit('password.reset', t, { method: 'email' }, his);
        b.login((t += minutes(kit, 1, 5)), his, 'password');
        t += minutes(kit, 3, 30);
        loanConsented(kit, b, Math.min(-MINUTE, t), his, { amountMinor: hundredsOfYuan(kit, 10, 60), termMonths: kit.rng.pick([6, 12]) }, 'esign');
      }
    },
  },
];
