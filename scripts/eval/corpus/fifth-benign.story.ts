import type { CardRef } from '@sentinel/contracts';
import { enrol, FLEET_PARTNERS, GARAGE_PARTNERS, hongKongIp, localHourAt, LONG_TERM_ID, mailbox, minutes, mobileV6, nth, REPAIR_PARTNERS, WEDDING_PARTNERS } from './fifth-kit';
import { localWeekday } from './fourth-kit';
import { asUnbound, cardAtAnotherBank, days, errandAt, habitualAmount, loanHabit, ownPhoneFrom, reissued, supportSeat } from './heldout-kit';
import { type Borrower, DAY, HOUR, ipAddress, MINUTE, type Origin, SECOND, type StoryFamily, type StoryKit } from './story';
import { checkout, freshPhoneId, inApp, loanConsented, nextLocalHour, scaled, several } from './unseen-kit';

// Look-alikes of the fifth held-out batch (docs/eval.md), described since they were tuned on:
// ordinary borrowers in China doing what a fraud story also does (loans at three in the morning from
// an address that changes every session, several large loans in a family in one week, one tablet
// signing in villager after villager, a password, a mailbox and a card all changed in one evening, a
// Hong Kong address every weekday, a phone nobody has seen before), with the signs that it is them.
// Written from the borrower's side without reading the rules, and kept from whoever tuned them until
// they had been measured once.

const system: Origin = { channel: 'system', actor: { kind: 'system' } };
const hotline: Origin = { channel: 'support', actor: { kind: 'borrower' } };

/** Whole yuan (as fen) between two sums of yuan in hundreds. */
const hundredsOfYuan = (kit: StoryKit, min: number, max: number) => kit.rng.int(min, max) * 10_000;

/** A partner's till in its own shop or garage. */
const till = (kit: StoryKit, partner: string, ip = ipAddress(kit.rng)) => checkout(partner, { id: `${partner}-pos-${kit.rng.int(1, 900)}`, ip });

/** A consent method a borrower at their own phone uses: mostly the code, sometimes the face. */
const ownMethod = (kit: StoryKit) => (kit.rng.chance(0.65) ? 'otp' : 'face');

/** A card in the borrower's own name at another bank: bound with their consent, the old one removed then or later, or left. */
function ownCardChange(kit: StoryKit, b: Borrower, at: number, o: Origin, reasons: (string | undefined)[]): number {
  const card = cardAtAnotherBank(kit, b.name, b.card.issuer);
  let t = at;
  b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? card.ref : undefined, o, ownMethod(kit));
  b.bind(t, card, o);
  if (kit.rng.chance(0.55)) {
    t = Math.min(-MINUTE, t + (kit.rng.chance(0.5) ? minutes(kit, 1, 20) : days(kit, 0.5, 3)));
    b.consent(t - kit.rng.int(5, 60) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, o);
    b.unbind(t, asUnbound(kit, b.card), o, kit.rng.pick(reasons));
  }
  b.card = card;
  return t;
}

export const FIFTH_BENIGN_FAMILIES: StoryFamily[] = [
  {
    name: 'benign.night-shift-ride-hailing',
    label: 'benign',
    group: 'described',
    description:
      "A ride-hailing driver on the night shift (nine in the evening to five in the morning, when fares pay best) in a car rented from a fleet by the week: the phone on the dashboard on 4G or 5G, a new IPv6 address at every session, sometimes a second phone that runs the driver apps; the app opened between fares at two or three in the morning, asleep at home until the afternoon; the week's rent at the fleet's checkout, tyres or brakes at a car-service chain after the shift, now and then a few thousand yuan in cash at four in the morning after a poor week, each confirmed by code or face on the phone in the car; sometimes a card at the bank the fleet pays through bound from the car.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const v6 = mobileV6(kit);
      const second = kit.rng.chance(0.35) ? freshPhoneId(kit) : undefined;
      const car = (): Origin => inApp(second && kit.rng.chance(0.3) ? second : b.phone.id, kit.rng.chance(0.8) ? v6() : ipAddress(kit.rng));
      const started = -days(kit, 30, 200);
      const since = Math.max(-295 * DAY, started - days(kit, 20, 150));
      b.onboard(since, started);
      const usual = habitualAmount(kit);
      if (started - since > 20 * DAY && kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), started - days(kit, 2, 8));
      const fleet = kit.rng.pick(FLEET_PARTNERS);
      const errand = kit.atLocalHour(errandAt(kit), kit.rng.between(25, 28.5));
      for (let day = started; day < -HOUR; day += DAY) {
        if (!kit.rng.chance(0.5)) continue;
        const night = kit.rng.chance(0.85);
        const at = kit.atLocalHour(day, night ? kit.rng.between(21, 29) : kit.rng.between(13, 18));
        if (at >= -HOUR || Math.abs(at - errand) < 2 * HOUR) continue;
        b.login(at, night ? car() : b.app, kit.rng.pick(['biometric', 'biometric', 'password'] as const));
      }
      // Some weeks the rent is short and goes on instalments, late at night.
      for (let w = started + days(kit, 3, 10); w < errand - 2 * DAY; w += days(kit, 7, 28)) {
        if (!kit.rng.chance(0.5)) continue;
        const at = kit.atLocalHour(w, kit.rng.between(22, 28));
        if (at >= errand - DAY) break;
        const o = car();
        loanConsented(kit, b, at, checkout(fleet, o.device!), { amountMinor: hundredsOfYuan(kit, 12, 25), termMonths: 3, merchantId: fleet }, ownMethod(kit), o);
      }
      let t = errand;
      const o = car();
      b.login(t, o, kit.rng.pick(['biometric', 'password'] as const));
      t += minutes(kit, 1, 10);
      const what = kit.rng.next();
      if (what < 0.35) {
        loanConsented(
          kit,
          b,
          t,
          o,
          { amountMinor: Math.max(hundredsOfYuan(kit, 20, 80), scaled(usual, kit.rng.between(0.8, 2))), termMonths: kit.rng.pick([3, 6, 12]) },
          ownMethod(kit),
        );
        if (kit.rng.chance(0.3)) loanConsented(kit, b, t + minutes(kit, 40, 150), car(), { amountMinor: hundredsOfYuan(kit, 10, 40), termMonths: 6 }, ownMethod(kit));
      } else if (what < 0.6) {
        loanConsented(kit, b, t, checkout(fleet, o.device!), { amountMinor: hundredsOfYuan(kit, 40, 70), termMonths: kit.rng.pick([3, 6]), merchantId: fleet }, ownMethod(kit), o);
      } else if (what < 0.85) {
        // After the shift, at the garage.
        const garage = kit.rng.pick(GARAGE_PARTNERS);
        t = nextLocalHour(kit, t, kit.rng.between(6, 9));
        loanConsented(kit, b, t, till(kit, garage), { amountMinor: hundredsOfYuan(kit, 8, 60), termMonths: kit.rng.pick([3, 6, 12]), merchantId: garage }, ownMethod(kit), car());
      } else {
        ownCardChange(kit, b, t, o, [undefined, 'fleet pays to this bank']);
      }
    },
  },
  {
    name: 'benign.wedding-family-loans',
    label: 'benign',
    group: 'described',
    description:
      "A son's wedding in a county town or a village, which his family pays for: in the two to four weeks before the auspicious day, the groom (who works in a city) books the banquet, buys the \"three golds\" and the wedding photos and furnishes the new flat, several large purchases in days at partners' counters and in their apps, some late at night after the two families have haggled; his father, and sometimes his mother, quiet borrowers on the home line, each take a large cash loan for the bride price, face-verified on their own phones, in the same week; the groom home for the last days on his parents' wifi, sometimes binding a card at the bride's town's bank for the new household.",
    weight: 1,
    build(kit) {
      const home = ipAddress(kit.rng);
      const wedding = kit.atLocalHour(errandAt(kit), kit.rng.between(9, 11));
      const runUp = days(kit, 12, 28);
      const g = kit.borrower('g', 'benign');
      const since = -days(kit, 60, 295);
      g.onboard(since, wedding - runUp);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, g, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), wedding - runUp - days(kit, 3, 10));
      const goneHome = wedding - days(kit, 2, 6);
      const gAt = (at: number) => (at > goneHome ? ownPhoneFrom(g, home) : g.usual());
      const moments = (n: number) =>
        Array.from({ length: n }, () => kit.atLocalHour(wedding - runUp + kit.rng.between(0, runUp / DAY - 1.5) * DAY, kit.rng.between(10, 23.5))).sort((x, y) => x - y);
      if (kit.rng.chance(0.3)) {
        const at = kit.atLocalHour(wedding - runUp + days(kit, 0, 3), kit.rng.between(10, 21));
        ownCardChange(kit, g, at, gAt(at), [undefined]);
      }
      const shops = several(kit, WEDDING_PARTNERS, kit.rng.int(2, 4));
      const when = moments(shops.length);
      shops.forEach((shop, i) => {
        const at = when[i];
        const terms = { amountMinor: hundredsOfYuan(kit, 50, 400), termMonths: kit.rng.pick([12, 24, 36]), merchantId: shop };
        const method = kit.rng.chance(0.6) ? 'face' : 'otp';
        if (kit.rng.chance(0.45)) {
          // At the shop's counter, confirming on his phone on the shop's wifi or on mobile data.
          const store = ipAddress(kit.rng);
          loanConsented(kit, g, at, till(kit, shop, store), terms, method, ownPhoneFrom(g, kit.rng.chance(0.5) ? store : ipAddress(kit.rng)));
        } else {
          const phone = at > goneHome ? ownPhoneFrom(g, home) : g.app;
          g.login(at - minutes(kit, 1, 10), phone, kit.rng.pick(['biometric', 'password'] as const));
          loanConsented(kit, g, at, checkout(shop, phone.device!), terms, method, phone);
        }
      });
      // The parents' bride-price loans, after the haggling, on the home line.
      const parents: Borrower[] = [kit.borrower('f', 'benign', home)];
      if (kit.rng.chance(0.5)) parents.push(kit.borrower('m', 'benign', home));
      for (const p of parents) {
        const pSince = -days(kit, 90, 295);
        p.onboard(pSince, wedding - runUp - days(kit, 0, 20));
        if (kit.rng.chance(0.4)) loanHabit(kit, p, habitualAmount(kit), kit.rng.int(1, 2), pSince + days(kit, 3, 8), wedding - runUp - days(kit, 20, 40));
        const [at] = moments(1);
        p.login(at - minutes(kit, 1, 15), p.app, kit.rng.pick(['biometric', 'password'] as const));
        const split = kit.rng.chance(0.4);
        const total = hundredsOfYuan(kit, 200, 800);
        loanConsented(kit, p, at, p.app, { amountMinor: split ? Math.round(total / 200) * 100 : total, termMonths: kit.rng.pick([24, 36]) }, kit.rng.chance(0.75) ? 'face' : 'otp');
        if (split) loanConsented(kit, p, at + minutes(kit, 3, 90), p.app, { amountMinor: Math.round(total / 200) * 100, termMonths: kit.rng.pick([12, 24]) }, 'face');
      }
      if (kit.rng.chance(0.5)) g.login(Math.min(-HOUR, wedding + days(kit, 1, 3)), ownPhoneFrom(g, home), 'biometric');
    },
  },
  {
    name: 'benign.village-service-point',
    label: 'benign',
    group: 'described',
    description:
      "A village's financial service point, kept by the shopkeeper of the village store for a rural bank and the platform: on market day older villagers who have only a basic phone come in to borrow for seed, piglets or a grandchild's school fees, and the keeper signs each in on the store's tablet, one after another minutes apart, with the code read out from their basic phone, their face in front of the tablet or an e-signature on it; their accounts were opened at the same counter months before, with the tablet; some bind the new social-security card (which is also a bank card) there and drop the old one, one through the hotline on the store's phone; the younger ones who come along use their own phones.",
    weight: 0.8,
    build(kit) {
      const store = ipAddress(kit.rng);
      const tablet = inApp(kit.newId('pad'), store);
      const marketDay = kit.atLocalHour(errandAt(kit), kit.rng.between(8, 10.5));
      const villagers = kit.rng.int(3, 6);
      let t = marketDay;
      for (let i = 0; i < villagers; i++) {
        const b = kit.borrower(nth(i), 'benign');
        const basic = kit.rng.chance(0.7);
        const since = kit.atLocalHour(-days(kit, 40, 295), kit.rng.between(8, 17));
        if (basic) {
          enrol(kit, b, since, marketDay - DAY, { on: () => tablet, expiresOn: kit.rng.chance(0.6) ? LONG_TERM_ID : undefined, every: [15, 45] });
          // Last season's loan, at the same counter.
          if (marketDay - since > 60 * DAY && kit.rng.chance(0.4)) {
            const at = kit.atLocalHour(since + days(kit, 10, (marketDay - since) / DAY - 30), kit.rng.between(8, 17));
            loanConsented(kit, b, at, tablet, { amountMinor: hundredsOfYuan(kit, 20, 150), termMonths: kit.rng.pick([6, 12]) }, kit.rng.chance(0.6) ? 'otp' : 'face');
          }
        } else b.onboard(since, marketDay - days(kit, 1, 10));
        const o = basic || kit.rng.chance(0.4) ? tablet : b.app;
        t += minutes(kit, 4, 40);
        b.login(t, o, basic ? kit.rng.pick(['otp', 'password'] as const) : kit.rng.pick(['biometric', 'password', 'otp'] as const));
        if (kit.rng.chance(0.3)) {
          // The third-generation social-security card, a bank card in their own name.
          const old: CardRef = b.card;
          const card = cardAtAnotherBank(kit, b.name, old.issuer);
          t += minutes(kit, 2, 8);
          b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.5) ? card.ref : undefined, o, kit.rng.chance(0.6) ? 'face' : 'otp');
          b.bind(t, card, o);
          // Some old cards were a passbook's, which the bank closes once the new card is issued.
          if (kit.rng.chance(0.25))
            b.emit('card.invalidated', t - days(kit, 1, 20), { card: kit.rng.chance(0.6) ? old : { ref: old.ref, last4: old.last4 }, reason: 'cancelled_by_bank' }, system);
          const drop = kit.rng.next();
          if (drop < 0.45) {
            t += minutes(kit, 1, 5);
            b.consent(t - kit.rng.int(5, 40) * SECOND, 'card.unbind', kit.rng.chance(0.5) ? old.ref : undefined, o);
            b.unbind(t, asUnbound(kit, old), o, kit.rng.pick([undefined, 'social security card']));
          } else if (drop < 0.7) {
            const at = t + minutes(kit, 10, 90);
            b.consent(at - kit.rng.int(30, 240) * SECOND, 'card.unbind', undefined, hotline, 'otp');
            b.unbind(at, asUnbound(kit, old), supportSeat(kit), 'borrower request via hotline');
          }
          b.card = card;
        }
        if (kit.rng.chance(0.85)) {
          t += minutes(kit, 2, 10);
          const m = kit.rng.next();
          const method = !basic ? ownMethod(kit) : m < 0.5 ? 'otp' : m < 0.85 ? 'face' : 'esign';
          loanConsented(kit, b, t, o, { amountMinor: hundredsOfYuan(kit, 20, 300), termMonths: kit.rng.pick([6, 12]) }, method);
        }
      }
    },
  },
  {
    name: 'benign.security-tidy-up',
    label: 'benign',
    group: 'described',
    description:
      "After a warning that their details are out (a scam call that knew their loan and card, a shop's breach in the news, the bank's text that the card is being reissued after a merchant breach), a careful borrower spends one evening locking everything down on their own phone at home, sometimes finishing on the laptop: the password reset, the old mailbox replaced with a new one, notices switched on for texts and email and the quiet hours cleared, the card replaced by the bank's reissue (the old one cancelled by the bank) or moved to another bank's card in their own name, the old one removed by them, by the platform or by an agent on the hotline the next day; then ordinary use.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const since = -days(kit, 60, 295);
      const evening = kit.atLocalHour(errandAt(kit), kit.rng.between(19, 22.5));
      b.onboard(since, evening - days(kit, 0.5, 8));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), evening - days(kit, 5, 20));
      const reissue = kit.rng.chance(0.65);
      const steps = several(kit, ['password', 'email', 'prefs', 'card'] as const, kit.rng.int(2, 4));
      if (reissue && !steps.includes('card')) steps.push('card');
      if (reissue) {
        // The bank cancelled the card that day, or the days before.
        const at = evening - (kit.rng.chance(0.5) ? minutes(kit, 30, 600) : days(kit, 1, 5));
        b.emit(
          'card.invalidated',
          at,
          { card: kit.rng.chance(0.7) ? b.card : { ref: b.card.ref, last4: b.card.last4 }, reason: kit.rng.pick(['cancelled_by_bank', 'other'] as const) },
          system,
        );
      }
      let t = evening;
      let o: Origin = b.app;
      b.login(t, o, 'biometric');
      for (const step of steps) {
        t += minutes(kit, 1, 12);
        if (b.laptop && o === b.app && kit.rng.chance(0.25)) {
          o = b.web;
          b.login(t, o, 'password');
          t += minutes(kit, 1, 3);
        }
        if (step === 'password') {
          b.emit('password.reset', t, { method: kit.rng.chance(0.7) ? 'sms' : 'email' }, o);
          b.login((t += minutes(kit, 1, 4)), o, 'password');
        } else if (step === 'email') {
          b.consent(t - kit.rng.int(10, 60) * SECOND, 'contact.change', undefined, b.app, ownMethod(kit));
          b.emit('contact.changed', t, { kind: 'email', value: mailbox(kit, 'new') }, o);
        } else if (step === 'prefs') {
          b.emit('preferences.updated', t, kit.rng.chance(0.5) ? { channels: ['sms', 'email'], quietHours: null } : { channels: ['email', 'sms'] }, o);
        } else if (reissue) {
          const old = b.card;
          const card = reissued(kit, old);
          b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? card.ref : undefined, b.app, ownMethod(kit));
          b.bind(t, card, o);
          const drop = kit.rng.next();
          if (drop < 0.35) b.unbind(t + kit.rng.between(0.5, 10) * HOUR, asUnbound(kit, old), system, kit.rng.pick(['card cancelled by issuer', 'card reissued']));
          else if (drop < 0.65) {
            b.consent((t += minutes(kit, 1, 5)) - kit.rng.int(5, 40) * SECOND, 'card.unbind', kit.rng.chance(0.5) ? old.ref : undefined, b.app);
            b.unbind(t, asUnbound(kit, old), o);
          } else if (drop < 0.9) {
            const at = Math.min(-MINUTE, nextLocalHour(kit, t, kit.rng.between(9, 20)));
            b.consent(at - kit.rng.int(30, 240) * SECOND, 'card.unbind', undefined, hotline, 'otp');
            b.unbind(at, asUnbound(kit, old), supportSeat(kit), 'borrower request via hotline');
          }
          b.card = card;
        } else ownCardChange(kit, b, t, o, [undefined, 'security', 'details leaked']);
      }
      b.routine(t + HOUR, -HOUR);
      if (kit.rng.chance(0.3))
        loanConsented(
          kit,
          b,
          Math.min(-HOUR, t + days(kit, 0.5, 2)),
          b.app,
          { amountMinor: scaled(usual, kit.rng.between(0.7, 1.4)), termMonths: kit.rng.pick([3, 6, 12]) },
          ownMethod(kit),
        );
    },
  },
  {
    name: 'benign.cross-border-commuter',
    label: 'benign',
    group: 'described',
    description:
      "A borrower who lives in Shenzhen and works in Hong Kong, or a Hong Kong resident who moved to Shenzhen for the rent and signed up with the residence permit for Hong Kong and Macao residents: every weekday morning across the border at Futian or Luohu, the phone on the mainland SIM's roaming data (which still exits in the mainland) or a Hong Kong SIM's, all day on the Hong Kong office's wifi, back on the Shenzhen home line in the evening; a loan at the desk at lunch, from a Hong Kong address, or a card change in the evening at home; weekends around Shenzhen.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const resident = kit.rng.chance(0.4);
      const office = hongKongIp(kit);
      const hkSim = kit.rng.chance(0.6);
      const started = -days(kit, 40, 250);
      const since = Math.max(-295 * DAY, started - days(kit, 10, 120));
      if (resident) enrol(kit, b, since, started, { first: b.app, on: () => b.usual(), documentType: 'other', email: kit.rng.chance(0.7) ? mailbox(kit, 'hk') : undefined });
      else b.onboard(since, started);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), started + days(kit, 5, 30));
      const whereAt = (at: number): Origin => {
        const wd = localWeekday(kit, at);
        const hour = localHourAt(kit, at);
        if (wd === 0 || wd === 6) return kit.rng.chance(0.8) ? b.app : ownPhoneFrom(b, ipAddress(kit.rng));
        if (hour >= 7 && hour < 9) return ownPhoneFrom(b, hkSim && kit.rng.chance(0.6) ? hongKongIp(kit) : ipAddress(kit.rng));
        if (hour >= 9 && hour < 19) return ownPhoneFrom(b, kit.rng.chance(0.85) ? office : hongKongIp(kit));
        if (hour >= 19 && hour < 20.5) return ownPhoneFrom(b, hkSim ? hongKongIp(kit) : ipAddress(kit.rng));
        return b.laptop && kit.rng.chance(0.2) ? b.web : b.app;
      };
      const lunch = kit.rng.chance(0.55);
      let errand = kit.atLocalHour(errandAt(kit), lunch ? kit.rng.between(12, 14) : kit.rng.between(20.5, 23));
      // A lunch-time errand falls on a weekday.
      while (lunch && [0, 6].includes(localWeekday(kit, errand))) errand -= DAY;
      for (let day = started; day < -HOUR; day += DAY) {
        if (!kit.rng.chance(0.5)) continue;
        const at = kit.atLocalHour(day, kit.rng.between(7, 23.5));
        if (at >= -HOUR || Math.abs(at - errand) < HOUR) continue;
        const o = whereAt(at);
        b.login(at, o, o.channel === 'web' ? 'password' : kit.rng.pick(['biometric', 'biometric', 'password'] as const));
      }
      const here = whereAt(errand);
      b.login(errand, here, here.channel === 'web' ? 'password' : 'biometric');
      const t = errand + minutes(kit, 2, 20);
      if (kit.rng.chance(0.6)) {
        loanConsented(
          kit,
          b,
          t,
          here,
          { amountMinor: scaled(usual, kit.rng.between(0.7, 2.5)), termMonths: kit.rng.pick([3, 6, 12]) },
          ownMethod(kit),
          here.channel === 'web' ? b.app : here,
        );
      } else ownCardChange(kit, b, t, here.channel === 'web' ? b.app : here, [undefined, 'salary account changed']);
      if (resident && kit.rng.chance(0.25)) {
        // The permit renewed (they run five years), at home some evening.
        b.emit(
          'identity.document.updated',
          Math.min(-HOUR, kit.atLocalHour(started + days(kit, 5, 30), kit.rng.between(20, 23))),
          { documentType: 'other', numberLast4: kit.rng.digits(4), expiresOn: kit.dateAt(kit.rng.int(1700, 1826) * DAY) },
          b.app,
        );
      }
    },
  },
  {
    name: 'benign.repair-loaner-phone',
    label: 'benign',
    group: 'described',
    description:
      "The borrower's phone breaks (a dropped screen, water, a battery that swelled) and goes to a repair shop or the brand's service centre for a day to ten days; the SIM goes into a loaner from the shop, an old phone from a drawer or a spouse's spare, and the app is signed in there with a code or the password, often after a password reset since the fingerprint was all they ever used; logins from it at home and on mobile data, sometimes a loan of the usual size, or the repair bill on instalments at the shop's counter confirmed on the loaner; then back on the repaired phone with a code, or on a new one when the repair was not worth it.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const home = b.phone.ip!;
      const since = -days(kit, 60, 295);
      const broke = kit.atLocalHour(errandAt(kit) - days(kit, 1, 10), kit.rng.between(9, 20));
      b.onboard(since, broke - days(kit, 0.3, 6));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 4), since + days(kit, 3, 8), broke - days(kit, 5, 20));
      const shop = ipAddress(kit.rng);
      const partner = kit.rng.pick(REPAIR_PARTNERS);
      const loaner = kit.newId(kit.rng.pick(['loaner', 'oldphone', 'redmi', 'honor']));
      const loanerAt = (ip: string) => inApp(loaner, ip);
      const back = Math.min(-3 * HOUR, broke + kit.rng.between(0.5, 10) * DAY);
      let t = broke + minutes(kit, 20, 180);
      const first = kit.rng.chance(0.4) ? loanerAt(shop) : loanerAt(home);
      if (kit.rng.chance(0.45)) {
        b.emit('password.reset', t, { method: 'sms' }, first);
        b.login((t += minutes(kit, 1, 5)), first, 'password');
      } else b.login(t, first, kit.rng.pick(['otp', 'password'] as const));
      for (let at = t + days(kit, 0.3, 1); at < back - HOUR; at += days(kit, 0.3, 1.5)) {
        b.login(at, loanerAt(kit.rng.chance(0.7) ? home : ipAddress(kit.rng)), kit.rng.pick(['password', 'otp'] as const));
      }
      const what = kit.rng.next();
      if (what < 0.35 && back - t > 2 * HOUR) {
        const at = t + (back - t) * kit.rng.between(0.2, 0.8);
        loanConsented(kit, b, at, loanerAt(home), { amountMinor: scaled(usual, kit.rng.between(0.7, 1.4)), termMonths: kit.rng.pick([3, 6, 12]) }, ownMethod(kit));
      } else if (what < 0.65) {
        // The bill, at the counter when the phone is collected.
        loanConsented(
          kit,
          b,
          back - minutes(kit, 5, 20),
          till(kit, partner, shop),
          { amountMinor: hundredsOfYuan(kit, 3, 30), termMonths: kit.rng.pick([3, 6]), merchantId: partner },
          'otp',
          loanerAt(shop),
        );
      }
      if (kit.rng.chance(0.2)) {
        // Not worth repairing: a new phone instead.
        const phone = freshPhoneId(kit);
        b.login(back, inApp(phone, kit.rng.chance(0.5) ? shop : home), kit.rng.pick(['otp', 'password'] as const));
        for (let at = back + days(kit, 0.3, 2); at < -HOUR; at += days(kit, 1, 5)) b.login(at, inApp(phone, home), kit.rng.pick(['biometric', 'password'] as const));
      } else {
        b.login(back, ownPhoneFrom(b, kit.rng.chance(0.5) ? shop : home), kit.rng.pick(['otp', 'password'] as const));
        b.routine(back + HOUR, -HOUR, () => b.app);
      }
    },
  },
];
