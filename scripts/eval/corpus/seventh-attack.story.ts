import type { CardRef } from '@sentinel/contracts';
import { mailbox, minutes, nth } from './fifth-kit';
import { asUnbound, attackerDevice, days, foreignIp, habitualAmount, loanHabit, newPhoneNumber, ownPhoneFrom, strikeAt, supportSeat } from './heldout-kit';
import { GIFT_CODE_PARTNERS, quietHourOf, ruralCard, soonAfter, spread } from './seventh-kit';
import { hundredsOfYuan, seconds, signUp, strangerCard } from './sixth-kit';
import { DAY, HOUR, ipAddress, MINUTE, type Origin, type StoryFamily } from './story';
import { checkout, freshPhoneId, inApp, loanConsented, sameSurname } from './unseen-kit';

// Held-out attacks, seventh batch (docs/eval.md): written from how fraud against consumer-credit
// accounts in China happens (a pyramid-selling house that makes its recruits borrow, a child walked
// through a parent's phone by a fan-group or game "customer service", a relative holding the SIM of
// a borrower working abroad, an account opened with a lost ID card by someone who looks like its
// photo, a live-in carer drawing on an elderly borrower's line, a street "scan for a free gift"
// team), without reading the rules, and kept from whoever tunes them. Each story labels every victim
// account `attack`.

export const SEVENTH_ATTACK_FAMILIES: StoryFamily[] = [
  {
    name: 'attack.pyramid-house-borrowing',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'heldout',
    description:
      'A pyramid-selling ring ("传销", dressed up as "capital operation" or a national "support project") lures recruits to a provincial city with a job offer from a friend or a relative, lodges them in a shared rented flat and keeps their phones; after weeks of "classes", the "teacher" hands the phones back for an afternoon session and has the recruits, one after another at the one table on the flat\'s wifi, borrow as much as every platform gives to "buy in" at the next level: cash loans on their own phones with their own faces or codes, sometimes onto the upline\'s card bound for it "to save the transfer", sometimes a second session days later for those whose line had room; between sessions the phones come back only for a supervised call home. Some recruits signed up here only in the flat, told to.',
    weight: 1,
    build(kit) {
      const flat = ipAddress(kit.rng);
      const upline = strangerCard(kit);
      const last = kit.atLocalHour(strikeAt(kit), kit.rng.between(14, 20));
      const sessions = kit.rng.chance(0.4) ? [kit.atLocalHour(last - days(kit, 2, 9), kit.rng.between(14, 20)), last] : [last];
      const arrived = sessions[0] - days(kit, 14, 45);
      const recruits = kit.rng.int(2, 4);
      for (let i = 0; i < recruits; i++) {
        const b = kit.borrower(nth(i), 'attack');
        const inFlat = () => ownPhoneFrom(b, flat);
        const came = arrived + i * days(kit, 0, 2);
        if (kit.rng.chance(0.7)) {
          const since = -days(kit, 90, 295);
          b.onboard(since, came - days(kit, 0.5, 3));
          if (kit.rng.chance(0.5)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 2), since + days(kit, 3, 8), came - days(kit, 4, 15));
          b.login(came, inFlat(), kit.rng.pick(['biometric', 'password'] as const));
        } else {
          // Told to sign up in the flat, on the first evening the phone came back.
          signUp(kit, b, came + days(kit, 1, 4), came + days(kit, 5, 7), { on: inFlat, method: 'otp' });
        }
        // Supervised calls home: the phone back for an hour, on the flat's wifi.
        for (let t = came + days(kit, 4, 9); t < sessions[0] - DAY; t += days(kit, 5, 12)) b.login(kit.atLocalHour(t, kit.rng.between(19, 21)), inFlat(), 'biometric');
        sessions.forEach((session, s) => {
          if (s < sessions.length - 1 && kit.rng.chance(0.3)) return;
          let t = session + i * minutes(kit, 4, 25) + seconds(kit, 0, 50);
          const o = inFlat();
          b.login(t, o, kit.rng.pick(['biometric', 'password'] as const));
          if (s === 0 && kit.rng.chance(0.4)) {
            const card: CardRef = { ...upline, ref: kit.newId('card') };
            t += minutes(kit, 1, 6);
            b.consent(t - seconds(kit, 10, 60), 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, o, 'otp');
            b.bind(t, card, o);
          }
          const loans = kit.rng.int(1, s === 0 ? 3 : 2);
          for (let l = 0; l < loans; l++) {
            t += minutes(kit, 2, 12);
            loanConsented(
              kit,
              b,
              Math.min(-MINUTE, t),
              o,
              { amountMinor: hundredsOfYuan(kit, l === 0 ? 50 : 20, l === 0 ? 300 : 120), termMonths: kit.rng.pick([12, 24, 36]) },
              kit.rng.chance(0.65) ? 'face' : 'otp',
            );
          }
        });
      }
    },
  },
  {
    name: 'attack.child-coached-on-parent-phone',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'heldout',
    description:
      'A child of ten to fifteen, in a fan group of an idol or selling a game skin, is told by a "customer service" or a "group admin" that a prize cannot be paid, or a trade is frozen, and that the police will come for the parents unless the "frozen funds" are cleared; walked through it on a screen-sharing call, the child takes the parent\'s phone while the parent naps or watches television (the lock code and the app password seen over the parent\'s shoulder, or the parent\'s own face while they doze), turns the text notices off, binds the "clearing account" card the caller names with the code that arrives on that phone, and borrows once or twice, or buys e-gift cards and game coins at partners and reads out the codes, all within the hour on the home wifi; the parent finds the loans that evening or the next day and calls the hotline, where an agent removes the card, or removes it in the app.',
    weight: 1,
    build(kit) {
      const p = kit.borrower('a', 'attack');
      const since = -days(kit, 90, 295);
      const strike = quietHourOf(kit, strikeAt(kit));
      p.onboard(since, strike - HOUR);
      if (kit.rng.chance(0.55)) loanHabit(kit, p, habitualAmount(kit), kit.rng.int(1, 3), since + days(kit, 3, 8), strike - days(kit, 3, 20));
      // Logins from the parent's own phone continue after the day, as ever.
      for (let t = strike + days(kit, 0.5, 2); t < -HOUR; t += days(kit, 2, 6)) p.login(t, p.app, 'biometric');
      const o = p.app;
      let t = strike;
      p.login(t, o, kit.rng.chance(0.6) ? 'password' : 'biometric');
      if (kit.rng.chance(0.45)) {
        t += seconds(kit, 30, 180);
        p.emit('preferences.updated', t, { channels: ['email'], ...(kit.rng.chance(0.5) ? { quietHours: { start: '08:00', end: '22:00' } } : {}) }, o);
      }
      let theirs: CardRef | undefined;
      if (kit.rng.chance(0.7)) {
        theirs = strangerCard(kit);
        t += minutes(kit, 2, 8);
        p.consent(t - seconds(kit, 10, 60), 'card.bind', kit.rng.chance(0.5) ? theirs.ref : undefined, o, 'otp');
        p.bind(t, theirs, o);
      }
      const steps = kit.rng.int(1, 3);
      for (let s = 0; s < steps; s++) {
        t += minutes(kit, 3, 15);
        if (theirs && kit.rng.chance(0.7)) {
          loanConsented(kit, p, t, o, { amountMinor: hundredsOfYuan(kit, 20, 150), termMonths: kit.rng.pick([6, 12]) }, kit.rng.chance(0.75) ? 'otp' : 'face');
        } else {
          const shop = kit.rng.pick(GIFT_CODE_PARTNERS);
          const terms = { amountMinor: hundredsOfYuan(kit, 5, 50), termMonths: kit.rng.pick([3, 6]), merchantId: shop };
          if (kit.rng.chance(0.6)) loanConsented(kit, p, t, checkout(shop, p.phone), terms, 'otp', o);
          else p.loan(t, checkout(shop, p.phone), terms);
        }
      }
      // The parent finds out: that evening, or the next morning.
      const found = t + (kit.rng.chance(0.5) ? minutes(kit, 60, 300) : days(kit, 0.6, 1));
      if (!theirs || found > -10 * MINUTE || kit.rng.chance(0.25)) return;
      if (kit.rng.chance(0.6)) {
        const seat = supportSeat(kit);
        p.consent(found - seconds(kit, 20, 120), 'card.unbind', kit.rng.chance(0.5) ? theirs.ref : undefined, p.app, 'otp');
        p.unbind(found, asUnbound(kit, theirs), seat, kit.rng.pick(['holder reports fraud', 'card not in the account holder name', undefined]));
      } else {
        p.consent(found - seconds(kit, 10, 60), 'card.unbind', kit.rng.chance(0.5) ? theirs.ref : undefined, p.app, 'face');
        p.unbind(found, asUnbound(kit, theirs), p.app);
      }
    },
  },
  {
    name: 'attack.abroad-worker-left-sim',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'heldout',
    description:
      "A borrower leaves to work abroad for a year or two (a technical intern in Japan, a construction site in the Gulf, a factory in Southeast Asia, through a labour-export agency) and leaves the old phone with the Chinese SIM in it with a brother or a cousin at home, so that the number stays alive and the bank's codes can be read out to them; abroad, a new phone signs in now and then on the dormitory's network, the code asked for once and relayed. Months later the relative, in debt, resets the password by text on the old phone in the village, binds a card in his own name (the family's surname), sometimes removing the borrower's, sometimes puts his own mailbox on file so that the bills go there, and borrows two to four times over weeks with the codes that come to the phone in his hand.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const village = b.phone.ip!;
      const strike = kit.atLocalHour(strikeAt(kit), kit.rng.between(9, 23));
      const left = strike - days(kit, 50, 160);
      const since = Math.max(-295 * DAY, left - days(kit, 60, 200));
      b.onboard(since, left - days(kit, 1, 5));
      if (kit.rng.chance(0.6)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 2), since + days(kit, 3, 8), left - days(kit, 5, 20));
      // Abroad: the new phone on the dormitory's line, now and then; the first time with the relayed code.
      const dorm = foreignIp(kit);
      const abroad = inApp(freshPhoneId(kit), dorm);
      b.login(left + days(kit, 2, 10), abroad, 'otp');
      for (let t = left + days(kit, 12, 30); t < -HOUR; t += days(kit, 8, 30)) {
        b.login(t, kit.rng.chance(0.8) ? abroad : inApp(abroad.device!.id, foreignIp(kit)), kit.rng.pick(['biometric', 'password', 'otp'] as const));
      }
      const relative = () => ownPhoneFrom(b, kit.rng.chance(0.75) ? village : ipAddress(kit.rng));
      let t = strike - days(kit, 0, 20);
      const first = relative();
      if (kit.rng.chance(0.7)) {
        b.emit('password.reset', t, { method: 'sms' }, first);
        t += minutes(kit, 1, 4);
      }
      b.login(t, first, 'password');
      const his = kit.card(sameSurname(kit, b.name));
      t += minutes(kit, 2, 15);
      b.consent(t - seconds(kit, 10, 60), 'card.bind', kit.rng.chance(0.5) ? his.ref : undefined, first, 'otp');
      b.bind(t, his, first);
      if (kit.rng.chance(0.45)) {
        t += minutes(kit, 1, 10);
        b.consent(t - seconds(kit, 5, 40), 'card.unbind', kit.rng.chance(0.5) ? b.card.ref : undefined, first, 'otp');
        b.unbind(t, asUnbound(kit, b.card), first);
      }
      if (kit.rng.chance(0.35)) {
        t += minutes(kit, 2, 20);
        b.consent(t - seconds(kit, 10, 60), 'contact.change', undefined, first, 'otp');
        b.emit('contact.changed', t, { kind: 'email', value: mailbox(kit, 'cousin') }, first);
      }
      const loans = kit.rng.int(2, 4);
      let at = t + minutes(kit, 5, 60);
      for (let l = 0; l < loans; l++) {
        if (l > 0) at = l === loans - 1 ? Math.max(at + HOUR, strike) : at + days(kit, 2, 8);
        if (at > -MINUTE) break;
        const o = l === 0 ? first : relative();
        if (l > 0) b.login(at - minutes(kit, 1, 5), o, kit.rng.pick(['password', 'biometric'] as const));
        loanConsented(kit, b, at, o, { amountMinor: hundredsOfYuan(kit, 10 + 10 * l, 60 + 30 * l), termMonths: kit.rng.pick([6, 12, 24]) }, 'otp');
      }
    },
  },
  {
    name: 'attack.lost-id-lookalike-account',
    label: 'attack',
    stepUpAnswer: 'me',
    // Tuned on in issue #21 (loan.probe-then-draw was designed from its stories, then withdrawn): described since.
    group: 'described',
    description:
      "A resident ID card lost on a train or in a taxi, or sold by its holder when the holder thought it expired, reaches a gang that matches lost cards with members who look like the photo (\"人证相似\"): the look-alike opens a card in the holder's name at a county bank's counter, takes a SIM on a number in someone else's name, and opens an account here in the holder's name on his own phone, passing the face check himself; within hours a first small loan, then one to three larger ones over a few days, sometimes a phone on instalments at a partner to resell, until the line is used up. The real holder, who never used the platform or whose own account lies elsewhere, learns of it from a collection call or a credit report weeks later, and the bank cancels the card; sometimes the holder calls the hotline and an agent removes the card.",
    weight: 1,
    build(kit) {
      const v = kit.borrower('a', 'attack');
      // Some stories run to the day the holder finds out, weeks after the line was drawn.
      const found = kit.rng.chance(0.45) ? Math.min(-HOUR, kit.atLocalHour(-days(kit, 0.5, 2), kit.rng.between(9, 17))) : undefined;
      const strike = kit.atLocalHour(found === undefined ? strikeAt(kit) : found - days(kit, 8, 35), kit.rng.between(9, 23));
      const opened = kit.atLocalHour(strike - days(kit, 1, 12), kit.rng.between(10, 20));
      const gang = attackerDevice(kit, 'app');
      const on = (): Origin => (kit.rng.chance(0.8) ? gang : { ...gang, device: { id: gang.device!.id, ip: ipAddress(kit.rng) } });
      const card = ruralCard(kit, v.name);
      signUp(kit, v, opened, strike - HOUR, { first: gang, on, number: newPhoneNumber(kit), card, method: 'otp', every: [1, 3] });
      let t = opened + minutes(kit, 40, 240);
      loanConsented(kit, v, t, gang, { amountMinor: hundredsOfYuan(kit, 5, 30), termMonths: kit.rng.pick([3, 6]) }, 'face');
      const more = kit.rng.int(1, 3);
      const times = [...spread(kit, t + HOUR, strike - HOUR, more - 1), Math.max(strike, t + HOUR)];
      for (const at of times) {
        t = at;
        const o = on();
        if (kit.rng.chance(0.5)) v.login(t - minutes(kit, 1, 5), o, 'password');
        if (kit.rng.chance(0.3)) {
          const shop = 'phone-outlet-flagship';
          loanConsented(
            kit,
            v,
            t,
            checkout(shop, o.device!),
            { amountMinor: hundredsOfYuan(kit, 40, 120), termMonths: 12, merchantId: shop },
            kit.rng.chance(0.6) ? 'face' : 'esign',
            o,
          );
        } else {
          loanConsented(kit, v, t, o, { amountMinor: hundredsOfYuan(kit, 30, 200), termMonths: kit.rng.pick([12, 24]) }, kit.rng.chance(0.7) ? 'face' : 'otp');
        }
      }
      // The holder finds out: a collection call, a credit report.
      if (found === undefined) return;
      if (kit.rng.chance(0.7))
        v.emit('card.invalidated', found, { card, reason: kit.rng.pick(['cancelled_by_bank', 'other'] as const) }, { channel: 'system', actor: { kind: 'system' } });
      if (kit.rng.chance(0.4)) {
        const at = soonAfter(kit, found, 30, 600);
        v.unbind(at, asUnbound(kit, card), supportSeat(kit), 'identity disputed by the document holder');
      }
    },
  },
  {
    name: 'attack.live-in-carer-drain',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'heldout',
    description:
      "An elderly borrower with early dementia, who used the app a little when their children set it up (a loan for a hearing aid, bills now and then), gets a live-in carer through an agency; after a few weeks of trust, while the elder naps after lunch or dozes before the television, the carer picks up the phone on the bedside table, opens it with the elder's fingerprint or face, turns the notices down, binds a card in her own name (another surname), sometimes removing the pension card, and borrows a few thousand yuan at a time every week or two with the elder's face or the code on that phone, sometimes buys phones or gift cards at partners; months of it on the home wifi, no new device ever; the son or daughter, looking at the statements on a visit, finds it and calls the hotline, where the password is reset and the carer's card removed.",
    weight: 1,
    build(kit) {
      const e = kit.borrower('a', 'attack');
      const since = -days(kit, 180, 295);
      // A son or a daughter on a visit finds it, in some stories before they end.
      const found = kit.rng.chance(0.55) ? Math.min(-HOUR, kit.atLocalHour(-days(kit, 0.3, 1.5), kit.rng.between(10, 20))) : undefined;
      const last = quietHourOf(kit, found === undefined ? strikeAt(kit) : found - days(kit, 2, 10));
      const hired = last - days(kit, 40, 140);
      e.onboard(since, hired);
      if (kit.rng.chance(0.6)) loanHabit(kit, e, hundredsOfYuan(kit, 5, 30), 1, since + days(kit, 2, 6), hired - days(kit, 10, 40));
      const o = e.app;
      // The elder still opens the app now and then, or the carer does "for them".
      for (let t = hired + days(kit, 1, 5); t < -HOUR; t += days(kit, 4, 12)) e.login(t, o, 'biometric');
      const begins = hired + days(kit, 14, 35);
      let theirs: CardRef | undefined;
      if (kit.rng.chance(0.65)) {
        const at = quietHourOf(kit, begins);
        theirs = strangerCard(kit);
        if (kit.rng.chance(0.4)) e.emit('preferences.updated', at - minutes(kit, 2, 6), { channels: ['email'] }, o);
        e.consent(at - seconds(kit, 10, 60), 'card.bind', kit.rng.chance(0.5) ? theirs.ref : undefined, o, kit.rng.chance(0.5) ? 'face' : 'otp');
        e.bind(at, theirs, o);
        if (kit.rng.chance(0.5)) {
          const off = at + minutes(kit, 1, 6);
          e.consent(off - seconds(kit, 5, 40), 'card.unbind', kit.rng.chance(0.5) ? e.card.ref : undefined, o, 'otp');
          e.unbind(off, asUnbound(kit, e.card), o);
        }
      }
      let size = [8, 30];
      let at = quietHourOf(kit, begins + days(kit, 0.5, 3));
      for (;;) {
        if (at >= last - DAY) at = last;
        if (kit.rng.chance(0.25)) {
          const shop = kit.rng.pick(GIFT_CODE_PARTNERS);
          const terms = { amountMinor: hundredsOfYuan(kit, size[0], size[1]), termMonths: kit.rng.pick([3, 6]), merchantId: shop };
          if (kit.rng.chance(0.7)) loanConsented(kit, e, at, checkout(shop, e.phone), terms, 'face', o);
          else e.loan(at, checkout(shop, e.phone), terms);
        } else {
          loanConsented(kit, e, at, o, { amountMinor: hundredsOfYuan(kit, size[0], size[1]), termMonths: kit.rng.pick([6, 12]) }, kit.rng.chance(0.65) ? 'face' : 'otp');
        }
        if (at === last) break;
        size = [Math.min(size[0] + 3, 30), Math.min(size[1] + 10, 80)];
        at = quietHourOf(kit, at + days(kit, 5, 16));
      }
      if (found === undefined) return;
      const seat = supportSeat(kit);
      e.emit('password.reset', found, { method: 'support' }, seat);
      if (theirs) e.unbind(found + minutes(kit, 2, 10), asUnbound(kit, theirs), seat, kit.rng.pick(['family reports misuse', undefined]));
    },
  },
  {
    name: 'attack.scan-for-gift-promoter',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'heldout',
    description:
      'A street "scan the code, get a gift" team (free eggs, cooking oil or a phone stand at a supermarket\'s door or in a housing estate\'s square, mornings, mostly for the elderly and young mothers) is paid per sign-up by the lending apps\' promotion channels, and keeps more: the promoter takes each person\'s phone "to fill it in quickly", signs them up here (or opens the account they already have), sets a password he notes down, and binds one of the rented cards he carries as the "gift\'s payout account" with the code that arrives on the phone in his hand; the same morning or days later he signs in to each account from his own phone and borrows onto that card, with the photo from the "gift registration" as the face or an e-signature, or with nothing. Two to four people from one morning.',
    weight: 1,
    build(kit) {
      const spot = kit.rng.chance(0.5) ? ipAddress(kit.rng) : undefined;
      const morning = kit.atLocalHour(strikeAt(kit) - days(kit, 0, 6), kit.rng.between(8.5, 11));
      const promoter: Origin = inApp(kit.newId(kit.rng.pick(['redmi', 'oppo', 'vivo'])), ipAddress(kit.rng));
      const rented = Array.from({ length: kit.rng.int(1, 3) }, () => strangerCard(kit));
      const people = kit.rng.int(2, 4);
      for (let i = 0; i < people; i++) {
        const b = kit.borrower(nth(i), 'attack');
        const here = ownPhoneFrom(b, spot ?? ipAddress(kit.rng));
        let t = morning + i * minutes(kit, 3, 20);
        if (kit.rng.chance(0.45)) {
          const since = -days(kit, 90, 295);
          b.onboard(since, t - days(kit, 1, 20));
          if (kit.rng.chance(0.4)) loanHabit(kit, b, habitualAmount(kit), 1, since + days(kit, 3, 8), t - days(kit, 25, 50));
          b.emit('password.reset', t, { method: 'sms' }, here);
          b.login((t += minutes(kit, 1, 3)), here, 'password');
        } else {
          signUp(kit, b, t, t, { first: here, on: () => here, method: 'otp' });
          t += minutes(kit, 12, 30);
        }
        const card: CardRef = { ...kit.rng.pick(rented), ref: kit.newId('card') };
        t += minutes(kit, 1, 4);
        b.consent(t - seconds(kit, 10, 50), 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, here, 'otp');
        b.bind(t, card, here);
        // At home afterwards, the person's own phone as ever.
        for (let d = morning + days(kit, 1, 4); d < -HOUR; d += days(kit, 3, 10)) b.login(d, b.app, kit.rng.pick(['biometric', 'password'] as const));
        const when = kit.rng.chance(0.35) ? t + minutes(kit, 40, 180) : kit.atLocalHour(t + days(kit, 1, 6), kit.rng.between(20, 24));
        const at = Math.min(-MINUTE, when);
        b.login(at - minutes(kit, 1, 4), promoter, 'password');
        const terms = { amountMinor: hundredsOfYuan(kit, 20, 120), termMonths: kit.rng.pick([6, 12, 24]) };
        const how = kit.rng.next();
        if (how < 0.4) loanConsented(kit, b, at, promoter, terms, 'face');
        else if (how < 0.7) loanConsented(kit, b, at, promoter, terms, 'esign');
        else b.loan(at, promoter, terms);
      }
    },
  },
];
