import type { CardRef, Device } from '@sentinel/contracts';
import { emulator } from './blind-kit';
import { enrol, LONG_TERM_ID, mailbox, minutes, nth } from './fifth-kit';
import { asUnbound, attackerDevice, cardAtAnotherBank, days, habitualAmount, loanHabit, newPhoneNumber, ownPhoneFrom, strikeAt } from './heldout-kit';
import { DAY, HOUR, ipAddress, MINUTE, type Origin, personName, SECOND, type StoryFamily, type StoryKit } from './story';
import { checkout, freshPhoneId, inApp, loanConsented, nextLocalHour, RESALE_PARTNERS, sameSurname, scaled } from './unseen-kit';

// Attacks of the fifth held-out batch (docs/eval.md), described since they were tuned on: written
// from how fraud against consumer-credit accounts in China happens (a mobile number the carrier sold
// again, a repair shop holding the unlocked phone, a fake police call that shuts the victim in a
// hotel, a "health lecture" for the elderly, a son borrowing in a parent's name, a "debt relief"
// agency), without reading the rules, and kept from whoever tuned them until they had been measured
// once. Each story labels every victim account `attack`.

/** A card in someone else's name: the taker's own, a mule's, an agency's "fee account". */
const strangerCard = (kit: StoryKit): CardRef => kit.card(personName(kit.rng));

/** Whole yuan (as fen) between two sums of yuan in hundreds. */
const hundredsOfYuan = (kit: StoryKit, min: number, max: number) => kit.rng.int(min, max) * 10_000;

export const FIFTH_ATTACK_FAMILIES: StoryFamily[] = [
  {
    name: 'attack.recycled-number-takeover',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'The borrower moved to a new mobile number months ago (a cheaper plan, a work number) and told their bank but not the platform, where they go on signing in with a fingerprint or the password; after its quarantine the carrier sells the old number again ("二次号"), and its new holder (someone who notices the platform\'s texts, or a dealer who buys recycled numbers by the hundred to trawl lending apps) signs in with a login code or resets the password by text, from their own phone or a cloud phone: the codes reach them with no contact changed, so they bind a card in their own or a mule\'s name, sometimes turn the email notices off, and borrow, while the owner keeps signing in on the old phone.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const strike = kit.atLocalHour(strikeAt(kit), kit.rng.between(8, 23.5));
      const since = -days(kit, 200, 295);
      const abandoned = since + days(kit, 15, 60);
      b.onboard(since, abandoned);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), abandoned);
      // The owner without the old SIM: the fingerprint or the password, never a code.
      for (let t = abandoned + days(kit, 1, 6); t < -HOUR; t += days(kit, 3, 14)) {
        if (Math.abs(t - strike) > 2 * HOUR) b.login(t, b.usual(), kit.rng.chance(0.7) ? 'biometric' : 'password');
      }
      if (kit.rng.chance(0.35)) {
        // A loan of their own meanwhile, with their face since no code reaches them.
        loanConsented(
          kit,
          b,
          abandoned + (strike - abandoned) * kit.rng.between(0.2, 0.8),
          b.app,
          { amountMinor: scaled(usual, kit.rng.between(0.7, 1.3)), termMonths: 6 },
          'face',
        );
      }
      const dealer = kit.rng.chance(0.45);
      const x: Origin = dealer && kit.rng.chance(0.6) ? emulator(kit) : attackerDevice(kit, 'app');
      // A dealer's script tries the number on many apps first and comes back when an account answers.
      if (dealer && kit.rng.chance(0.5)) b.login(strike - days(kit, 1, 20), x, 'otp');
      let t = strike;
      if (kit.rng.chance(0.4)) {
        b.emit('password.reset', t, { method: 'sms' }, x);
        b.login((t += minutes(kit, 1, 5)), x, 'password');
      } else b.login(t, x, 'otp');
      if (kit.rng.chance(0.35)) b.emit('preferences.updated', (t += minutes(kit, 1, 10)), { channels: ['sms'] }, x);
      if (kit.rng.chance(0.2)) {
        t += minutes(kit, 1, 10);
        b.consent(t - kit.rng.int(10, 60) * SECOND, 'contact.change', undefined, x, 'otp');
        b.emit('contact.changed', t, { kind: 'email', value: mailbox(kit, 'box') }, x);
      }
      if (kit.rng.chance(0.65)) {
        const theirs = strangerCard(kit);
        t += minutes(kit, 2, 30);
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.5) ? theirs.ref : undefined, x, 'otp');
        b.bind(t, theirs, x);
        if (kit.rng.chance(0.3)) {
          t += kit.rng.int(30, 600) * SECOND;
          b.consent(t - kit.rng.int(5, 40) * SECOND, 'card.unbind', kit.rng.chance(0.5) ? b.card.ref : undefined, x, 'otp');
          b.unbind(t, asUnbound(kit, b.card), x);
        }
      }
      const loans = kit.rng.int(1, dealer ? 3 : 2);
      for (let i = 0; i < loans; i++) {
        t += minutes(kit, 2, 40);
        const amountMinor = hundredsOfYuan(kit, 10, 200);
        if (kit.rng.chance(0.25)) {
          const shop = kit.rng.pick(RESALE_PARTNERS);
          loanConsented(kit, b, t, checkout(shop, x.device!), { amountMinor, termMonths: kit.rng.pick([6, 12]), merchantId: shop }, 'otp', x);
        } else loanConsented(kit, b, t, x, { amountMinor, termMonths: kit.rng.pick([6, 12, 24]) }, 'otp');
      }
    },
  },
  {
    name: 'attack.repair-shop-phone',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "The borrower leaves their phone at a repair stall or a phone shop in the mall (a cracked screen, a battery) with the lock-screen code and the SIM in it, for a few hours or a night or two; a technician, with the phone on the shop's wifi or taken home after closing, signs in with the code the phone itself receives (or resets the password by text), sometimes turns the text notices off, borrows a few thousand yuan or buys game coins and phone credit at a partner's in-app checkout, often onto a card in his own or a friend's name bound first, deletes the texts and hands the phone back; the owner goes on using it at home as before.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const dropOff = kit.atLocalHour(strikeAt(kit) - days(kit, 2, 3), kit.rng.between(10, 19.5));
      const since = -days(kit, 60, 295);
      b.onboard(since, dropOff - days(kit, 0.3, 6));
      if (kit.rng.chance(0.6)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 4), since + days(kit, 3, 8), dropOff - days(kit, 5, 20));
      const shop = ipAddress(kit.rng);
      const nights = kit.rng.chance(0.6) ? kit.rng.int(1, 2) : 0;
      const pickUp = nights > 0 ? kit.atLocalHour(dropOff + nights * DAY, kit.rng.between(10, 20)) : dropOff + kit.rng.between(3, 6) * HOUR;
      // Overnight, after closing, in the shop or at the technician's place; otherwise in a quiet hour.
      let t = nights > 0 ? kit.atLocalHour(dropOff, kit.rng.between(21, 23.8)) : dropOff + kit.rng.between(0.4, 1.2) * HOUR;
      const here = nights > 0 && kit.rng.chance(0.35) ? ownPhoneFrom(b, ipAddress(kit.rng)) : ownPhoneFrom(b, shop);
      if (kit.rng.chance(0.35)) {
        b.emit('password.reset', t, { method: 'sms' }, here);
        b.login((t += minutes(kit, 1, 4)), here, 'password');
      } else b.login(t, here, 'otp');
      if (kit.rng.chance(0.3))
        b.emit('preferences.updated', (t += minutes(kit, 1, 5)), kit.rng.chance(0.6) ? { channels: ['email'] } : { quietHours: { start: '00:00', end: '23:59' } }, here);
      let theirs: CardRef | undefined;
      if (kit.rng.chance(0.55)) {
        theirs = kit.rng.chance(0.5) ? strangerCard(kit) : kit.card(sameSurname(kit, personName(kit.rng)));
        t += minutes(kit, 1, 15);
        b.consent(t - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.5) ? theirs.ref : undefined, here, 'otp');
        b.bind(t, theirs, here);
      }
      const loans = kit.rng.int(1, 2);
      for (let i = 0; i < loans; i++) {
        t += minutes(kit, 2, 25);
        if (!theirs && kit.rng.chance(0.5)) {
          const partner = kit.rng.pick(RESALE_PARTNERS.slice(0, 3));
          loanConsented(
            kit,
            b,
            t,
            checkout(partner, here.device!),
            { amountMinor: hundredsOfYuan(kit, 5, 60), termMonths: kit.rng.pick([3, 6]), merchantId: partner },
            'otp',
            here,
          );
        } else loanConsented(kit, b, t, here, { amountMinor: hundredsOfYuan(kit, 20, 150), termMonths: kit.rng.pick([6, 12]) }, 'otp');
      }
      if (theirs && kit.rng.chance(0.35) && t + 10 * MINUTE < pickUp) {
        // The payout landed; the card goes again before the phone is handed back.
        t = Math.min(t + minutes(kit, 5, 90), pickUp - 5 * MINUTE);
        b.unbind(t, asUnbound(kit, theirs), here, kit.rng.pick([undefined, 'user removed card']));
      }
      // The owner tries the phone at the counter, then home as usual.
      if (kit.rng.chance(0.5)) b.login(pickUp + minutes(kit, 1, 10), ownPhoneFrom(b, shop), 'biometric');
      b.routine(pickUp + HOUR, -HOUR, () => b.app);
    },
  },
  {
    name: 'attack.police-impersonation-isolation',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A caller posing as a police officer from another province (with a forged warrant on a video call) tells the borrower, often a young office worker or a student, that their ID is tied to a money-laundering case and that they must prove their funds are clean and tell no one: they buy a "clean" new phone or keep their own, check into a hotel alone, and over one to three days, on the hotel\'s wifi, open cards in their own name at the banks the "officer" names and bind them, and borrow the whole line in several loans, each with their own face, sending the money on to a "supervision account" outside the platform; sometimes the texts are turned off so that family and bank cannot reach them.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const call = kit.atLocalHour(strikeAt(kit) - days(kit, 0, 2), kit.rng.between(9, 17));
      const since = -days(kit, 40, 295);
      b.onboard(since, call - days(kit, 0.5, 10));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), call - days(kit, 5, 20));
      let t = call;
      // On the call, at work or at home: the caller has them show the app.
      const first = kit.rng.chance(0.5) ? b.app : ownPhoneFrom(b, ipAddress(kit.rng));
      if (kit.rng.chance(0.6)) b.login(t, first, kit.rng.pick(['biometric', 'password'] as const));
      if (kit.rng.chance(0.35))
        b.emit('preferences.updated', (t += minutes(kit, 2, 20)), kit.rng.chance(0.5) ? { channels: ['email'] } : { quietHours: { start: '00:00', end: '23:59' } }, first);
      const hotel = ipAddress(kit.rng);
      const newPhone = kit.rng.chance(0.5);
      const phoneId = newPhone ? freshPhoneId(kit) : b.phone.id;
      const room = () => inApp(phoneId, kit.rng.chance(0.85) ? hotel : ipAddress(kit.rng));
      t = call + kit.rng.between(1.5, 6) * HOUR;
      b.login(t, room(), newPhone ? kit.rng.pick(['otp', 'password'] as const) : 'biometric');
      let line = Math.max(hundredsOfYuan(kit, 200, 1500), scaled(usual, kit.rng.between(4, 12)));
      const sessions = kit.rng.int(1, 4);
      const cards = kit.rng.chance(0.6) ? kit.rng.int(1, 2) : 0;
      let bound = 0;
      for (let s = 0; s < sessions && line >= 50_000; s++) {
        if (s > 0) {
          const next = nextLocalHour(kit, t + 2 * HOUR, kit.rng.between(8, 22));
          if (next > -4 * HOUR) break;
          t = next;
          b.login(t, room(), newPhone ? 'password' : 'biometric');
        }
        const here = room();
        if (bound < cards && kit.rng.chance(0.7)) {
          // A card the "officer" had them open that morning, at a bank the caller named.
          const card = cardAtAnotherBank(kit, b.name, b.card.issuer);
          t += minutes(kit, 3, 30);
          b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, here, kit.rng.chance(0.6) ? 'face' : 'otp');
          b.bind(t, card, here);
          bound++;
        }
        const loans = kit.rng.int(1, 3);
        for (let i = 0; i < loans && line >= 50_000; i++) {
          t += minutes(kit, 3, 40);
          const amountMinor = Math.min(line, hundredsOfYuan(kit, 50, 600));
          line -= amountMinor;
          loanConsented(kit, b, t, here, { amountMinor, termMonths: kit.rng.pick([12, 24, 36]) }, kit.rng.chance(0.75) ? 'face' : 'otp');
        }
      }
      // Found by family or the police days later; home on their own phone.
      if (kit.rng.chance(0.3)) b.login(Math.min(-MINUTE, t + days(kit, 0.5, 2)), b.app, 'biometric');
    },
  },
  {
    name: 'attack.health-lecture-elderly',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A "health products" company rents a hall near a housing estate and lures pensioners with free eggs and daily morning "lectures"; over one to four weeks its staff sign some of them up to the platform on their own phones on the hall\'s wifi (the company\'s "after-sales" mailbox often put on file), and on the last morning, going row by row, book therapy mattresses and supplements on instalments at the company\'s partner checkout, holding each phone up to its owner\'s face, reading out the codes or having them sign on the staff\'s pad; some had a small "trial" purchase before, some a second "course" after. The company is a partner of the platform; it should be flagged.',
    weight: 0.6,
    build(kit) {
      const company = kit.newId(kit.rng.pick(['kangshou', 'yangshengtang', 'changqing-health', 'fukang-bio', 'yishou']));
      kit.expectMerchantFlagged(company);
      const hall = ipAddress(kit.rng);
      const pad: Device = { id: kit.newId('pad'), ip: hall };
      const finale = kit.atLocalHour(strikeAt(kit), kit.rng.between(9, 11));
      const weeks = kit.rng.between(1, 4);
      const afterSales = `${company}-service@${kit.rng.pick(['163.example', 'qq.example'])}`;
      const morning = (offset: number) => kit.atLocalHour(offset, kit.rng.between(8.5, 11.5));
      const elders = kit.rng.int(3, 7);
      let row = finale;
      for (let i = 0; i < elders; i++) {
        const b = kit.borrower(nth(i), 'attack');
        const atHall = () => ownPhoneFrom(b, hall);
        const expiresOn = kit.rng.chance(0.6) ? LONG_TERM_ID : undefined;
        const campaignStart = finale - weeks * 7 * DAY;
        let joined = campaignStart;
        if (kit.rng.chance(0.45)) {
          // An account a son or daughter set up for them long ago.
          b.onboard(-days(kit, 60, 295), campaignStart, { documentExpiresOn: expiresOn });
          if (kit.rng.chance(0.3)) {
            const at = morning(finale - kit.rng.between(1, weeks * 7) * DAY);
            b.login(at, atHall(), 'biometric');
            b.consent(at + minutes(kit, 1, 4), 'contact.change', undefined, atHall(), kit.rng.chance(0.5) ? 'face' : 'otp');
            b.emit('contact.changed', at + minutes(kit, 5, 9), { kind: 'email', value: afterSales }, atHall());
          }
        } else {
          joined = morning(finale - kit.rng.between(1, weeks * 7) * DAY);
          enrol(kit, b, joined, finale - 12 * HOUR, {
            first: kit.rng.chance(0.8) ? atHall() : { channel: 'app', actor: { kind: 'borrower' }, device: pad },
            on: () => (kit.rng.chance(0.6) ? atHall() : b.app),
            expiresOn,
            email: kit.rng.chance(0.5) ? afterSales : undefined,
            every: [1, 5],
          });
        }
        const buy = (at: number, amountMinor: number) => {
          const method = kit.rng.next();
          const onPad = kit.rng.chance(0.25);
          const where = checkout(company, onPad ? pad : atHall().device!);
          const terms = { amountMinor, termMonths: kit.rng.pick([12, 24, 36]), merchantId: company };
          if (method < 0.55) loanConsented(kit, b, at, where, terms, 'face', atHall());
          else if (method < 0.8) loanConsented(kit, b, at, where, terms, 'otp', atHall());
          else loanConsented(kit, b, at, where, terms, 'esign', checkout(company, pad));
        };
        // A "trial pack" on an earlier morning.
        if (finale - joined > 2 * DAY && kit.rng.chance(0.4))
          buy(morning(joined + kit.rng.between(1, (finale - joined) / DAY - 1) * DAY) + minutes(kit, 10, 60), hundredsOfYuan(kit, 3, 20));
        row += minutes(kit, 2, 12);
        if (kit.rng.chance(0.6)) b.login(row - minutes(kit, 1, 3), atHall(), kit.rng.pick(['biometric', 'otp'] as const));
        buy(row, hundredsOfYuan(kit, 30, 300));
        if (kit.rng.chance(0.3)) buy(Math.min(-HOUR, morning(finale + days(kit, 1, 3))), hundredsOfYuan(kit, 20, 150));
      }
    },
  },
  {
    name: 'attack.parent-identity-account',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "A grown son (or a son-in-law) in gambling or business debt opens an account in his elderly parent's name on his own phone, with the ID card and the pension card he keeps for them and a SIM in the parent's name in the phone's second slot; the face checks done by holding the phone up to the parent on a weekend visit, \"for the pension's yearly face check\", the codes arriving on his own phone the rest of the time; within days a first loan, then larger ones over weeks, sometimes onto his own card (his surname) bound for it. The parent has never used the app.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('p', 'attack');
      const son = sameSurname(kit, b.name);
      const home = ipAddress(kit.rng);
      const parents = ipAddress(kit.rng);
      const phoneId = freshPhoneId(kit);
      const atHome = () => inApp(phoneId, home);
      const visiting = () => inApp(phoneId, parents);
      const out = () => inApp(phoneId, ipAddress(kit.rng));
      const last = kit.atLocalHour(strikeAt(kit), kit.rng.between(8, 23.5));
      const opened = kit.atLocalHour(last - days(kit, 4, 70), kit.rng.between(10, 21));
      const faceAtVisit = kit.rng.chance(0.6);
      enrol(kit, b, opened, last - DAY, {
        first: faceAtVisit ? visiting() : atHome(),
        on: () => (kit.rng.chance(0.7) ? atHome() : out()),
        expiresOn: kit.rng.chance(0.6) ? LONG_TERM_ID : undefined,
        email: kit.rng.chance(0.35) ? mailbox(kit, 'mail') : undefined,
        every: [2, 9],
      });
      let payout: CardRef | undefined;
      const loans = kit.rng.int(2, 4);
      let amount = hundredsOfYuan(kit, 20, 150);
      for (let i = 0; i < loans; i++) {
        const visit = faceAtVisit && kit.rng.chance(0.5);
        // Face checks on a visit in the day; codes on his own phone, often late in the evening.
        const day = i === 0 ? opened + days(kit, 0.5, Math.min(5, (last - opened) / DAY / 2)) : opened + (last - opened) * ((i + kit.rng.between(0, 0.6)) / loans);
        const at = i === loans - 1 ? last : Math.max(opened + 2 * HOUR, Math.min(last - HOUR, kit.atLocalHour(day, visit ? kit.rng.between(9.5, 19) : kit.rng.between(19, 23.8))));
        const where = visit ? visiting() : kit.rng.chance(0.8) ? atHome() : out();
        if (!payout && i > 0 && kit.rng.chance(0.4)) {
          payout = kit.card(son);
          const bindAt = at - minutes(kit, 5, 60);
          b.consent(bindAt - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.5) ? payout.ref : undefined, where, 'otp');
          b.bind(bindAt, payout, where);
        }
        loanConsented(kit, b, at, where, { amountMinor: amount, termMonths: kit.rng.pick([12, 24, 36]) }, visit ? 'face' : 'otp');
        amount = Math.min(hundredsOfYuan(kit, 400, 800), scaled(amount, kit.rng.between(1.3, 3)));
      }
    },
  },
  {
    name: 'attack.debt-relief-agency',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A "debt optimisation" agency advertising on short-video apps ("stop the interest, stop the calls, we negotiate for you") signs up borrowers in arrears: the client hands over the password and reads out the codes, and from the agency\'s office PCs the account\'s phone number is changed to the agency\'s "negotiation line" and the email to its mailbox, the text notices turned off, sometimes the password reset to lock the client out; days later, from the agency\'s work phone, its "service fee" or a "bridge loan" is taken in the client\'s name, with the code that now comes to the agency, often onto a card in a staff member\'s name; two to four clients of one office in a few weeks.',
    weight: 0.7,
    build(kit) {
      const office = ipAddress(kit.rng);
      const pcs: Origin[] = Array.from({ length: kit.rng.int(1, 3) }, () => ({ channel: 'web', actor: { kind: 'borrower' }, device: { id: kit.newId('pc'), ip: office } }));
      const workPhones = Array.from({ length: kit.rng.int(1, 2) }, () => inApp(kit.newId('workphone'), office));
      const line = newPhoneNumber(kit);
      const inbox = mailbox(kit, 'youhua');
      const feeCard = strangerCard(kit);
      const last = strikeAt(kit);
      const clients = kit.rng.int(2, 4);
      for (let i = 0; i < clients; i++) {
        const b = kit.borrower(nth(i), 'attack');
        const signed = kit.atLocalHour(last - days(kit, 1, 25), kit.rng.between(9.5, 18));
        const overdueAt = signed - days(kit, 40, 120);
        const since = -days(kit, 160, 295);
        b.onboard(since, overdueAt + days(kit, 5, 20));
        const usual = habitualAmount(kit);
        if (overdueAt - since > 20 * DAY && kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), overdueAt - days(kit, 5, 10));
        const overdue = scaled(usual, kit.rng.between(1, 3));
        b.consentedLoan(overdueAt, b.usual(), { amountMinor: overdue, termMonths: kit.rng.pick([3, 6]) });
        if (kit.rng.chance(0.5)) b.login(overdueAt + days(kit, 30, 38), b.app, 'biometric');
        const pc = kit.rng.pick(pcs);
        let t = signed;
        b.login(t, pc, kit.rng.chance(0.6) ? 'otp' : 'password');
        const locked = kit.rng.chance(0.3);
        if (locked) b.emit('password.reset', (t += minutes(kit, 1, 6)), { method: 'sms' }, pc);
        const takesNumber = kit.rng.chance(0.7);
        if (takesNumber) {
          t += minutes(kit, 2, 15);
          b.consent(t - kit.rng.int(15, 120) * SECOND, 'contact.change', undefined, pc, 'otp');
          b.emit('contact.changed', t, { kind: 'phone', value: line }, pc);
        }
        if (kit.rng.chance(0.5)) b.emit('contact.changed', (t += minutes(kit, 1, 8)), { kind: 'email', value: inbox }, pc);
        if (kit.rng.chance(0.45))
          b.emit('preferences.updated', (t += minutes(kit, 1, 5)), kit.rng.chance(0.6) ? { channels: ['email'] } : { quietHours: { start: '08:00', end: '22:00' } }, pc);
        // The fee, days later, from the office's work phone.
        let f = Math.max(t + 30 * MINUTE, Math.min(last, kit.atLocalHour(signed + days(kit, 0.5, 10), kit.rng.between(9.5, 18))));
        const phone = kit.rng.pick(workPhones);
        b.login(f, phone, takesNumber ? 'otp' : 'password');
        if (kit.rng.chance(0.6)) {
          // The same card on every client's account, each binding a ref of its own.
          f += minutes(kit, 2, 20);
          const card = { ...feeCard, ref: kit.newId('card') };
          if (kit.rng.chance(0.8)) b.consent(f - kit.rng.int(10, 60) * SECOND, 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, phone, 'otp');
          b.bind(f, card, phone);
        }
        f += minutes(kit, 3, 30);
        const terms = {
          amountMinor: kit.rng.chance(0.5) ? scaled(overdue, kit.rng.between(0.2, 0.4)) : scaled(overdue, kit.rng.between(1, 1.6)),
          termMonths: kit.rng.pick([6, 12, 24]),
        };
        if (takesNumber || kit.rng.chance(0.5)) loanConsented(kit, b, Math.min(-MINUTE, f), phone, terms, 'otp');
        else b.loan(Math.min(-MINUTE, f), phone, terms);
        if (!locked && kit.rng.chance(0.3)) b.login(Math.min(-MINUTE, f + days(kit, 0.5, 3)), b.app, kit.rng.pick(['biometric', 'password'] as const));
      }
    },
  },
];
