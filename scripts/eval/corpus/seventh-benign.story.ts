import type { Device } from '@sentinel/contracts';
import { mailbox, minutes, nth } from './fifth-kit';
import { asUnbound, days, errandAt, foreignIp, habitualAmount, loanHabit, ownPhoneFrom, reissued, supportSeat } from './heldout-kit';
import { homeboundNodes, monthlyMidnights, onWeb, PRODUCE_PARTNERS, publicPc, ruralCard, soonAfter, spread } from './seventh-kit';
import { hasEmail, hundredsOfYuan, seconds, signUp } from './sixth-kit';
import { type Borrower, DAY, HOUR, ipAddress, MINUTE, type Origin, type StoryFamily, type StoryKit } from './story';
import { checkout, freshPhoneId, inApp, loanConsented, sameSurname, scaled } from './unseen-kit';

// Held-out look-alikes, seventh batch (docs/eval.md): ordinary borrowers in China doing what a fraud
// story also does (one family mailbox on every account and a reset through it; a public computer
// that many borrowers sign in on; a student abroad whose every session comes from rented servers at
// home; neighbours who lost phones and cards in a flood, at one shelter's wifi; the same loan at
// midnight every month; a produce buyer's harvest loans from a different village every day), with
// the signs that it is them. Written from the borrower's side without reading the rules, and kept
// from whoever tunes them.

const system: Origin = { channel: 'system', actor: { kind: 'system' } };

/** A consent method a borrower at their own phone uses: mostly the code, sometimes the face. */
const ownMethod = (kit: StoryKit) => (kit.rng.chance(0.6) ? 'otp' : 'face');

/** A loan of about the borrower's usual size, on their own phone. */
const usualLoan = (kit: StoryKit, b: Borrower, at: number, o: Origin, usual: number) =>
  loanConsented(kit, b, at, o, { amountMinor: scaled(usual, kit.rng.between(0.7, 1.4)), termMonths: kit.rng.pick([3, 6, 12]) }, ownMethod(kit));

export const SEVENTH_BENIGN_FAMILIES: StoryFamily[] = [
  {
    name: 'benign.family-mailbox-shared',
    label: 'benign',
    group: 'heldout',
    description:
      "A household that has one email address for everything (the family QQ or 163 mailbox the son set up years ago, whose password is on a note by the television): husband and wife, sometimes a grown child too, each put it on their own account, one of them replacing the address they gave at sign-up when the bank's statements start going there; the family computer in the living room is signed in to each account now and then to read a contract or print a bill; when one of them forgets the password, the reset link goes to the shared mailbox and the other reads it out or opens it on the computer, and that week they borrow on their own phones (an appliance, a relative's wedding gift), sometimes both.",
    weight: 1,
    build(kit) {
      const home = ipAddress(kit.rng);
      const box = mailbox(kit, 'family');
      const pc: Device = { id: kit.newId('familypc'), ip: home };
      const members = kit.rng.chance(0.3) ? 3 : 2;
      const errand = kit.atLocalHour(errandAt(kit), kit.rng.between(19, 22.5));
      const people: Borrower[] = [];
      const habits: number[] = [];
      for (let i = 0; i < members; i++) {
        const b = kit.borrower(nth(i), 'benign', home, i > 0 && kit.rng.chance(0.5) ? sameSurname(kit, people[0].name) : undefined);
        people.push(b);
        const since = -days(kit, 60, 295);
        const usual = habitualAmount(kit);
        habits.push(usual);
        if (i === 0 || kit.rng.chance(0.4)) {
          b.onboard(since, errand - days(kit, 2, 10));
          // The family address replaces the one given at sign-up.
          const moved = since + days(kit, 5, Math.max(6, (errand - since) / DAY - 5));
          if (kit.rng.chance(0.5)) b.consent(moved - seconds(kit, 10, 90), 'contact.change', undefined, b.app, kit.rng.chance(0.6) ? 'otp' : 'face');
          b.emit('contact.changed', moved, { kind: 'email', value: box }, kit.rng.chance(0.6) ? b.app : onWeb(pc));
        } else {
          signUp(kit, b, since, errand - days(kit, 2, 10), { on: () => b.app, email: box });
        }
        if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 2), since + days(kit, 3, 8), errand - days(kit, 10, 40));
        // The family computer, a few times, to read a contract or print a bill.
        for (let n = kit.rng.int(1, 3), t = since + days(kit, 3, 30); n > 0 && t < errand - DAY; n--, t += days(kit, 10, 60)) b.login(t, onWeb(pc), 'password');
        b.routine(errand - days(kit, 2, 10), -HOUR, () => b.app);
      }
      // Someone forgets the password: the link to the family mailbox, read on the computer or relayed.
      const who = kit.rng.pick(people);
      let t = errand - minutes(kit, 20, 120);
      who.emit('password.reset', t, { method: 'email' }, kit.rng.chance(0.6) ? who.app : onWeb(pc));
      who.login((t += minutes(kit, 1, 6)), kit.rng.chance(0.3) ? onWeb(pc) : who.app, 'password');
      const usual = habits[people.indexOf(who)];
      loanConsented(
        kit,
        who,
        errand,
        who.app,
        { amountMinor: Math.max(hundredsOfYuan(kit, 10, 60), scaled(usual, kit.rng.between(1, 2.5))), termMonths: kit.rng.pick([6, 12]) },
        ownMethod(kit),
      );
      for (const other of people) {
        if (other === who || kit.rng.chance(0.5)) continue;
        usualLoan(kit, other, Math.min(-MINUTE, errand + days(kit, 0.05, 3)), other.app, habits[people.indexOf(other)]);
      }
    },
  },
  {
    name: 'benign.public-computer-regulars',
    label: 'benign',
    group: 'heldout',
    description:
      "Two or three borrowers without a computer of their own who use the same public one for the paperwork a phone screen is too small for (an internet café by a construction site's dormitory, a county library's terminals, a print shop near a vocational school): each signs in on the web there with the password, reads the contract and takes a loan or binds the payroll card of a new job, confirming with the code on their own phone, on days that fall close together (payday, the weekend); one who forgot the password resets it there by text; the rest of the time each lives on their own phone on their own line.",
    weight: 1,
    build(kit) {
      const venue = kit.rng.pick(['netbar', 'library', 'printshop'] as const);
      const line = ipAddress(kit.rng);
      const seats = Array.from({ length: kit.rng.int(1, 3) }, () => publicPc(kit, venue, line));
      const payday = kit.atLocalHour(errandAt(kit), kit.rng.between(10, 21));
      const users = kit.rng.int(2, 3);
      for (let i = 0; i < users; i++) {
        const b = kit.borrower(nth(i), 'benign');
        const since = -days(kit, 60, 295);
        b.onboard(since, payday - DAY);
        const usual = habitualAmount(kit);
        if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), payday - days(kit, 5, 30));
        b.routine(payday - DAY, -HOUR, () => b.app);
        // An earlier visit, to look at the bill.
        if (kit.rng.chance(0.5)) b.login(payday - days(kit, 10, 60), onWeb(kit.rng.pick(seats)), 'password');
        let t = kit.atLocalHour(payday + (i === 0 ? 0 : days(kit, -2, 2)), kit.rng.between(10, 21.5));
        t = Math.min(-2 * HOUR, t);
        const seat = onWeb(kit.rng.pick(seats));
        const phone = kit.rng.chance(0.7) ? b.app : ownPhoneFrom(b, ipAddress(kit.rng));
        if (kit.rng.chance(0.3)) {
          b.emit('password.reset', t, { method: 'sms' }, seat);
          t += minutes(kit, 1, 4);
        }
        b.login(t, seat, 'password');
        if (kit.rng.chance(0.45)) {
          const payroll = kit.card(b.name);
          t += minutes(kit, 3, 15);
          b.consent(t - seconds(kit, 10, 90), 'card.bind', kit.rng.chance(0.5) ? payroll.ref : undefined, phone, 'otp');
          b.bind(t, payroll, seat);
          if (kit.rng.chance(0.4)) {
            t += minutes(kit, 1, 5);
            b.consent(t - seconds(kit, 5, 40), 'card.unbind', kit.rng.chance(0.5) ? b.card.ref : undefined, phone, 'otp');
            b.unbind(t, asUnbound(kit, b.card), seat);
          }
          b.card = payroll;
        }
        if (kit.rng.chance(0.75)) {
          t += minutes(kit, 4, 20);
          loanConsented(kit, b, t, seat, { amountMinor: scaled(usual, kit.rng.between(0.8, 1.8)), termMonths: kit.rng.pick([6, 12]) }, 'otp', phone);
        }
      }
    },
  },
  {
    name: 'benign.exchange-student-accelerator',
    label: 'benign',
    group: 'heldout',
    description:
      'A student on an exchange semester or a one-year master\'s abroad (the UK, Australia, Japan, Malaysia) runs a "homebound accelerator" on the phone so that Chinese video and music apps work, and it stays on: nearly every session here comes from one of its nodes, rented servers in Chinese data centres, one after another, at hours that are late night or early morning in Beijing; now and then it is off and the session comes from the student hall\'s network; the Chinese SIM is off to save roaming, so a forgotten password is reset by email; a loan for the rent deposit or a flight home with their own face, sometimes at an airline or travel partner, sometimes a card at the bank with a branch abroad bound first; some are home before the story ends.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const since = -days(kit, 160, 295);
      const errand = errandAt(kit) - days(kit, 0, 10);
      const left = errand - days(kit, 30, 120);
      b.onboard(since, left - days(kit, 1, 5));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 2), since + days(kit, 3, 8), left - days(kit, 5, 20));
      const node = homeboundNodes(kit);
      const hall = foreignIp(kit);
      // The phone abroad: the accelerator's nodes most of the time, the hall's network when it is off.
      const abroad = () => ownPhoneFrom(b, kit.rng.chance(0.8) ? node() : hall);
      // Abroad, the local evening and morning fall in Beijing's night.
      const odd = (offset: number) => kit.atLocalHour(offset, kit.rng.pick([kit.rng.between(1, 7), kit.rng.between(15, 19)]));
      const home = errand + (kit.rng.chance(0.35) ? days(kit, 1, 4) : DAY * 10);
      for (let t = left + days(kit, 1, 3); t < Math.min(home, -HOUR); t += days(kit, 2, 8)) {
        const at = odd(t);
        if (Math.abs(at - errand) > 3 * HOUR && at < Math.min(home, -HOUR)) b.login(at, abroad(), kit.rng.pick(['biometric', 'biometric', 'password'] as const));
      }
      const at = odd(errand);
      const o = abroad();
      let t = at - minutes(kit, 5, 40);
      if (hasEmail(kit, b.accountId) && kit.rng.chance(0.4)) {
        b.emit('password.reset', t, { method: 'email' }, o);
        t += minutes(kit, 1, 5);
        b.login(t, o, 'password');
      } else b.login(t, o, 'biometric');
      if (kit.rng.chance(0.3)) {
        const boc = { ...kit.card(b.name), first6: '621661', issuer: 'BOC' };
        t += minutes(kit, 2, 10);
        b.consent(t - seconds(kit, 10, 60), 'card.bind', kit.rng.chance(0.5) ? boc.ref : undefined, o, 'face');
        b.bind(t, boc, o);
      }
      const terms = { amountMinor: Math.max(hundredsOfYuan(kit, 30, 150), scaled(usual, kit.rng.between(1.5, 4))), termMonths: kit.rng.pick([6, 12, 24]) };
      if (kit.rng.chance(0.3)) {
        const travel = kit.rng.pick(['ctrip-travel', 'fliggy-travel', 'air-china-shop']);
        loanConsented(kit, b, Math.min(-MINUTE, Math.max(at, t + minutes(kit, 1, 8))), checkout(travel, o.device!), { ...terms, merchantId: travel }, 'face', o);
      } else loanConsented(kit, b, Math.min(-MINUTE, Math.max(at, t + minutes(kit, 1, 8))), o, terms, 'face');
      if (home < -HOUR) {
        // Home: the phone on the home line again, the accelerator off.
        for (let d = home; d < -HOUR; d += days(kit, 1, 4)) b.login(d, b.app, 'biometric');
      }
    },
  },
  {
    name: 'benign.flood-shelter-neighbours',
    label: 'benign',
    group: 'heldout',
    description:
      "A summer flood (Zhengzhou, Zhuozhou, a county on the Yangtze) drowns a neighbourhood's ground floors overnight: two to four neighbours end up at the school gym used as a shelter, whose wifi runs through the carrier's emergency vehicle; those whose phone drowned get a replacement SIM at the carrier's tent and a cheap new phone from the relief desk or a relative, and sign in with a code, some after a reset; wallets and bank cards lost in the water are reported at the bank's emergency counter and cancelled, and the reissued card bound days later; one calls the platform's hotline from a borrowed phone and an agent resets the password; within a day or two of each other they take an emergency loan for food, a deposit on a rented room or a used scooter, face-verified at the shelter.",
    weight: 1,
    build(kit) {
      const shelter = ipAddress(kit.rng);
      const flood = kit.atLocalHour(errandAt(kit) - days(kit, 1, 6), kit.rng.between(1, 6));
      const neighbours = kit.rng.int(2, 4);
      const street = ipAddress(kit.rng);
      for (let i = 0; i < neighbours; i++) {
        const b = kit.borrower(nth(i), 'benign', kit.rng.chance(0.4) ? street : undefined);
        const since = -days(kit, 60, 295);
        b.onboard(since, flood - days(kit, 0.5, 3));
        const usual = habitualAmount(kit);
        if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 2), since + days(kit, 3, 8), flood - days(kit, 5, 30));
        const drowned = kit.rng.chance(0.6);
        const phoneId = drowned ? freshPhoneId(kit) : b.phone.id;
        const here = (): Origin => inApp(phoneId, kit.rng.chance(0.85) ? shelter : ipAddress(kit.rng));
        let t = flood + days(kit, 0.3, 1.5);
        if (drowned && kit.rng.chance(0.3)) {
          // The hotline, from a borrowed phone: the agent resets the password after checking them.
          b.emit('password.reset', t, { method: 'support' }, supportSeat(kit));
          t += minutes(kit, 10, 90);
          b.login(t, here(), 'password');
        } else if (drowned && kit.rng.chance(0.5)) {
          b.emit('password.reset', t, { method: 'sms' }, here());
          b.login((t += minutes(kit, 1, 4)), here(), 'password');
        } else b.login(t, here(), drowned ? 'otp' : 'biometric');
        if (kit.rng.chance(0.55)) {
          const lost = b.card;
          const reported = flood + days(kit, 0.5, 2);
          b.emit('card.invalidated', reported, { card: kit.rng.chance(0.6) ? lost : { ref: lost.ref, last4: lost.last4 }, reason: 'reported_lost' }, system);
          const again = reissued(kit, lost);
          const bindAt = soonAfter(kit, reported + days(kit, 1, 5), 0, 120);
          if (bindAt > t) {
            const o = here();
            b.consent(bindAt - seconds(kit, 10, 90), 'card.bind', kit.rng.chance(0.5) ? again.ref : undefined, o, kit.rng.chance(0.6) ? 'face' : 'otp');
            b.bind(bindAt, again, o);
            if (kit.rng.chance(0.5)) b.unbind(Math.min(-MINUTE, bindAt + minutes(kit, 0, 30)), asUnbound(kit, lost), system, 'card reported lost');
            b.card = again;
          }
        }
        // Logins from the shelter for the days after.
        for (let d = t + days(kit, 0.5, 1.5); d < -HOUR; d += days(kit, 0.5, 2)) b.login(d, here(), 'biometric');
        if (kit.rng.chance(0.8)) {
          const at = Math.min(-MINUTE, Math.max(t + minutes(kit, 10, 120), kit.atLocalHour(flood + days(kit, 1, 2.5), kit.rng.between(9, 21))));
          loanConsented(
            kit,
            b,
            at,
            here(),
            { amountMinor: Math.max(hundredsOfYuan(kit, 10, 50), scaled(usual, kit.rng.between(0.8, 2.5))), termMonths: kit.rng.pick([6, 12]) },
            kit.rng.chance(0.7) ? 'face' : 'otp',
          );
        }
      }
    },
  },
  {
    name: 'benign.midnight-monthly-reborrow',
    label: 'benign',
    group: 'heldout',
    description:
      "A borrower who lives month to month (a KTV waiter, a convenience-store night clerk, a nurse on nights) repays the bill on its due day and, the minute it clears, borrows the same sum again for the same term, so that the rent and the card bill are met: every month just after midnight on the due day, from the phone on the home wifi or at the night job, the same amount to the yuan, confirmed with the code or the face; some months a few hours late, at two or three in the morning after the shift; now and then a month skipped after a bonus; the card once replaced by the bank's reissue.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const dueDay = kit.rng.int(1, 28);
      const months = kit.rng.int(4, 8);
      const nights = monthlyMidnights(kit, errandAt(kit), months, dueDay);
      const since = Math.max(-295 * DAY, nights[0] - days(kit, 20, 60));
      b.onboard(since, nights[0] - DAY);
      const sum = kit.rng.int(10, 80) * 10_000;
      const term = kit.rng.pick([1, 3]);
      const work = ipAddress(kit.rng);
      const atWork = () => ownPhoneFrom(b, work);
      let prev = nights[0] - DAY;
      nights.forEach((midnight, n) => {
        // Ordinary logins in the month between.
        for (let t = prev + days(kit, 2, 5); t < midnight - DAY; t += days(kit, 3, 9)) b.login(t, kit.rng.chance(0.6) ? b.app : atWork(), 'biometric');
        prev = midnight;
        if (n > 0 && n < nights.length - 1 && kit.rng.chance(0.12)) return;
        const late = kit.rng.chance(0.25);
        const at = Math.min(-MINUTE, midnight + (late ? kit.rng.between(2, 3.5) * HOUR : seconds(kit, 20, 600)));
        const o = late ? atWork() : kit.rng.chance(0.6) ? b.app : atWork();
        if (kit.rng.chance(0.5)) b.login(at - seconds(kit, 30, 180), o, kit.rng.pick(['biometric', 'password'] as const));
        if (n === Math.floor(nights.length / 2) && kit.rng.chance(0.3)) {
          // The bank's reissue, bound the evening before.
          const again = reissued(kit, b.card);
          const bindAt = at - kit.rng.between(3, 8) * HOUR;
          if (kit.rng.chance(0.5)) b.emit('card.invalidated', bindAt - days(kit, 1, 6), { card: b.card, reason: 'expired' }, system);
          b.consent(bindAt - seconds(kit, 10, 60), 'card.bind', kit.rng.chance(0.5) ? again.ref : undefined, b.app, 'otp');
          b.bind(bindAt, again, b.app);
          b.card = again;
        }
        loanConsented(kit, b, at, o, { amountMinor: sum, termMonths: term }, kit.rng.chance(0.7) ? 'otp' : 'face');
      });
      b.routine(prev + HOUR, -HOUR, () => b.app);
    },
  },
  {
    name: 'benign.harvest-produce-buyer',
    label: 'benign',
    group: 'heldout',
    description:
      'A produce buyer ("收购商") who drives from orchard to orchard at harvest (kiwifruit in Shaanxi, navel oranges in Gannan, lychees in Guangdong), paying the growers in cash at the weighing scale: for one to three weeks each year a different village every day, the phone on whatever mobile network or farmhouse wifi is there, two to four cash loans many times the size of the small ones of the rest of the year, some late at night after the day\'s fruit is on the truck, and a truck or cold store at a freight partner\'s checkout; sometimes the card of the county bank the growers use bound on the road, in their own name; then home again, quiet till the next season.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const since = -days(kit, 150, 295);
      const last = kit.atLocalHour(errandAt(kit), kit.rng.chance(0.5) ? kit.rng.between(20, 24.5) : kit.rng.between(9, 18));
      const season = days(kit, 7, 21);
      b.onboard(since, last - season);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.7)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), last - season - days(kit, 5, 20));
      // On the road: a different village every day.
      const villages: string[] = [];
      const road = () => {
        if (villages.length === 0 || kit.rng.chance(0.5)) villages.push(ipAddress(kit.rng));
        return ownPhoneFrom(b, villages[villages.length - 1]);
      };
      for (let d = last - season; d < -HOUR; d += days(kit, 0.7, 1.5)) {
        const at = kit.atLocalHour(d, kit.rng.between(6, 22));
        if (at < -HOUR && Math.abs(at - last) > 2 * HOUR) b.login(at, d < last ? road() : b.app, kit.rng.pick(['biometric', 'password'] as const));
      }
      const moments = spread(kit, last - season + DAY, last - DAY, kit.rng.int(1, 3)).map((t) => kit.atLocalHour(t, kit.rng.between(7, 23.5)));
      moments.push(last);
      if (kit.rng.chance(0.35)) {
        const county = ruralCard(kit, b.name);
        const at = moments[0] - minutes(kit, 30, 240);
        const o = road();
        b.consent(at - seconds(kit, 10, 90), 'card.bind', kit.rng.chance(0.5) ? county.ref : undefined, o, ownMethod(kit));
        b.bind(at, county, o);
      }
      for (const at of moments) {
        const o = road();
        loanConsented(
          kit,
          b,
          at,
          o,
          { amountMinor: Math.max(hundredsOfYuan(kit, 200, 800), scaled(usual, kit.rng.between(5, 12))), termMonths: kit.rng.pick([3, 6]) },
          kit.rng.chance(0.5) ? 'face' : 'otp',
        );
      }
      if (kit.rng.chance(0.5)) {
        const freight = kit.rng.pick(PRODUCE_PARTNERS);
        const at = Math.min(-MINUTE, moments[0] + minutes(kit, 30, 300));
        const o = road();
        loanConsented(
          kit,
          b,
          at,
          checkout(freight, o.device!),
          { amountMinor: hundredsOfYuan(kit, 30, 200), termMonths: kit.rng.pick([3, 6]), merchantId: freight },
          ownMethod(kit),
          o,
        );
      }
    },
  },
];
