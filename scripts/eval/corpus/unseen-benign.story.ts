import { asUnbound, cardAtAnotherBank, days, errandAt, foreignIp, habitualAmount, loanHabit, newPhoneNumber, ownPhoneFrom, reissued, supportSeat } from './heldout-kit';
import { DAY, HOUR, ipAddress, MINUTE, type Origin, SECOND, type StoryFamily } from './story';
import {
  CAMPUS_PARTNERS,
  campusBankIndex,
  campusCard,
  campusEgress,
  checkout,
  FESTIVAL_PARTNERS,
  freshPhoneId,
  inApp,
  loanConsented,
  sameSurname,
  scaled,
  several,
} from './unseen-kit';

// Held-out look-alikes (docs/eval.md): ordinary borrowers in China doing what a fraud story also
// does (another person's card, a new number, a new phone in a new city, a support agent changing a
// contact, many loans in a day, many accounts on one network), with the signs that it is them.
// Written from the borrower's side without reading the rules, and kept from whoever tunes them.

const system: Origin = { channel: 'system', actor: { kind: 'system' } };

export const UNSEEN_BENIGN_FAMILIES: StoryFamily[] = [
  {
    name: 'benign.relative-card-face',
    label: 'benign',
    group: 'described',
    description:
      "A family member's card (same surname: a parent who repays for a student, a son for an elderly parent, or after the bank froze the borrower's own card in a sweep) bound from the borrower's own phone at home with a face check; sometimes the relative borrows here too, with that same card on their own account.",
    weight: 1,
    build(kit) {
      const home = ipAddress(kit.rng);
      const b = kit.borrower('a', 'benign', home);
      const t0 = errandAt(kit);
      const since = -days(kit, 60, 300);
      b.onboard(since, t0 - days(kit, 0.5, 10));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 10), t0 - days(kit, 10, 40));
      const relative = sameSurname(kit, b.name);
      const card = kit.card(relative);
      if (kit.rng.chance(0.35)) {
        // The relative's own account, with the card bound since they joined; at home too, or elsewhere.
        const r = kit.borrower('r', 'benign', kit.rng.chance(0.6) ? home : undefined, relative);
        r.card = card;
        r.onboard(-days(kit, 40, 300), -days(kit, 0.5, 2));
        if (kit.rng.chance(0.5)) r.consentedLoan(t0 - days(kit, 2, 20), r.usual(), { amountMinor: r.amount(), termMonths: 12 });
      }
      const frozen = kit.rng.chance(0.35);
      if (frozen) b.emit('card.invalidated', t0 - kit.rng.between(1, 72) * HOUR, { card: b.card, reason: kit.rng.pick(['cancelled_by_bank', 'other'] as const) }, system);
      const from = b.usual();
      let t = t0;
      b.consent(t - kit.rng.int(10, 120) * SECOND, 'card.bind', kit.rng.chance(0.6) ? card.ref : undefined, from, kit.rng.chance(0.8) ? 'face' : 'otp');
      b.bind(t, card, from);
      if (frozen && kit.rng.chance(0.5)) {
        t += kit.rng.int(1, 30) * MINUTE;
        b.consent(t - kit.rng.int(5, 60) * SECOND, 'card.unbind', b.card.ref, from, kit.rng.chance(0.6) ? 'face' : 'otp');
        b.unbind(t, asUnbound(kit, b.card), from, kit.rng.pick([undefined, 'card frozen by bank']));
      }
      if (kit.rng.chance(0.4))
        loanConsented(
          kit,
          b,
          Math.min(-HOUR, t + days(kit, 0.5, 3)),
          b.usual(),
          { amountMinor: scaled(usual, kit.rng.between(0.7, 1.3)), termMonths: kit.rng.pick([6, 12]) },
          kit.rng.chance(0.6) ? 'face' : 'otp',
        );
    },
  },
  {
    name: 'benign.carrier-switch-shop',
    label: 'benign',
    group: 'described',
    description:
      "Switching carrier at a business hall for a cheaper plan and a new number, often with the handset the plan comes with: set up on the hall's wifi, the number changed there with a code to the old SIM (or days later at home with a face check once the old number is gone), then the phone on home wifi and the new carrier's data.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      // Business halls open from ten in the morning until the evening.
      const t0 = kit.atLocalHour(errandAt(kit) - 2 * DAY, kit.rng.between(10, 20.5));
      const since = -days(kit, 40, 300);
      b.onboard(since, t0 - days(kit, 0.5, 8));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.4)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 10), t0 - days(kit, 10, 30));
      const hall = ipAddress(kit.rng);
      const handset = kit.rng.chance(0.5);
      const deviceId = handset ? freshPhoneId(kit) : b.phone.id;
      const home = inApp(deviceId, b.phone.ip ?? ipAddress(kit.rng));
      let t = t0;
      if (handset) b.login(t, inApp(deviceId, hall), kit.rng.pick(['otp', 'password'] as const));
      let where: Origin;
      let method: 'otp' | 'face';
      if (kit.rng.chance(0.65)) {
        // At the counter, while the old SIM still takes texts.
        t += kit.rng.int(3, 40) * MINUTE;
        where = inApp(deviceId, hall);
        method = kit.rng.chance(0.7) ? 'otp' : 'face';
      } else {
        t += days(kit, 0.5, 2.5);
        where = home;
        method = 'face';
      }
      b.consent(t - kit.rng.int(10, 180) * SECOND, 'contact.change', undefined, where, method);
      b.emit('contact.changed', t, { kind: 'phone', value: newPhoneNumber(kit) }, where);
      b.routine(t + HOUR, -HOUR, () => (kit.rng.chance(0.7) ? home : inApp(deviceId, ipAddress(kit.rng))));
      if (kit.rng.chance(0.3)) loanConsented(kit, b, Math.min(-HOUR, t + days(kit, 0.5, 2)), home, { amountMinor: scaled(usual, kit.rng.between(0.7, 1.3)), termMonths: 6 }, 'otp');
    },
  },
  {
    name: 'benign.campus-first-loan',
    label: 'benign',
    group: 'described',
    description:
      "Students at the start of term, each on their own phone behind the campus network's shared address, with accounts a few weeks old and the university's co-branded card (one bank, one BIN): each takes a first, small loan, for a laptop or phone at a partner's in-app checkout or a little cash, face-verified, some late at night.",
    weight: 0.6,
    build(kit) {
      const egress = campusEgress(kit);
      const bank = campusBankIndex(kit);
      const term = errandAt(kit) - days(kit, 0, 10);
      const students = kit.rng.int(2, 5);
      for (let i = 0; i < students; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'benign', kit.rng.pick(egress));
        if (kit.rng.chance(0.75)) b.card = campusCard(kit, b.name, bank);
        const joined = term - days(kit, 3, 45);
        b.onboard(joined, term - days(kit, 0, 2));
        const at = kit.atLocalHour(term - days(kit, 0, 2), kit.rng.between(12, 23.9));
        const method = kit.rng.chance(0.7) ? 'face' : 'otp';
        if (kit.rng.chance(0.55)) {
          const shop = kit.rng.pick(CAMPUS_PARTNERS);
          loanConsented(kit, b, at, checkout(shop, b.phone), { amountMinor: kit.rng.int(15, 80) * 10_000, termMonths: kit.rng.pick([6, 12, 24]), merchantId: shop }, method, b.app);
        } else {
          loanConsented(kit, b, at, b.usual(), { amountMinor: kit.rng.int(5, 30) * 10_000, termMonths: kit.rng.pick([3, 6]) }, method);
        }
      }
    },
  },
  {
    name: 'benign.home-from-abroad',
    label: 'benign',
    group: 'described',
    description:
      'Home after three to eight months working or studying abroad: the old phone on foreign networks early in the stay and then nothing; back in China often a new phone and a forgotten password, sometimes an ID renewed or a card that expired meanwhile replaced, then a face-verified loan to settle in.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const back = errandAt(kit) - days(kit, 3, 6);
      const left = back - days(kit, 90, 240);
      const since = Math.max(-300 * DAY, left - days(kit, 30, 60));
      b.onboard(since, left - days(kit, 1, 10));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 10), left - days(kit, 5, 20));
      if (kit.rng.chance(0.6)) {
        const abroad = foreignIp(kit);
        const until = left + days(kit, 20, 60);
        for (let at = left + days(kit, 1, 5); at < until; at += days(kit, 3, 10)) b.login(at, ownPhoneFrom(b, kit.rng.chance(0.7) ? abroad : foreignIp(kit)), 'biometric');
      }
      // The card expired while they were away.
      const expired = kit.rng.chance(0.4);
      if (expired) b.emit('card.invalidated', left + days(kit, 30, 80), { card: b.card, reason: 'expired' }, system);
      const net = kit.rng.chance(0.5) ? (b.phone.ip ?? ipAddress(kit.rng)) : ipAddress(kit.rng);
      const here = kit.rng.chance(0.6) ? inApp(freshPhoneId(kit), net) : ownPhoneFrom(b, net);
      let t = back + kit.rng.between(2, 30) * HOUR;
      if (kit.rng.chance(0.35)) {
        b.emit('password.reset', t, { method: 'sms' }, here);
        b.login((t += kit.rng.int(1, 5) * MINUTE), here, 'password');
      } else b.login(t, here, 'otp');
      if (kit.rng.chance(0.3)) {
        t += kit.rng.int(5, 60) * MINUTE;
        b.emit(
          'identity.document.updated',
          t,
          { documentType: 'resident_id', numberLast4: `${kit.rng.digits(3)}${kit.rng.pick(['1', '7', 'X'])}`, expiresOn: kit.dateAt(days(kit, 3600, 7200)) },
          here,
        );
      }
      if (kit.rng.chance(0.3)) b.emit('preferences.updated', (t += kit.rng.int(1, 20) * MINUTE), { locale: 'zh-CN' }, here);
      if (expired) {
        const next = reissued(kit, b.card);
        t += kit.rng.between(1, 20) * HOUR;
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? next.ref : undefined, here, kit.rng.chance(0.6) ? 'face' : 'otp');
        b.bind(t, next, here);
        if (kit.rng.chance(0.5)) b.unbind(t + kit.rng.between(0.5, 12) * HOUR, asUnbound(kit, b.card), system, 'card expired');
        b.card = next;
      }
      t += days(kit, 0.3, 2);
      if (kit.rng.chance(0.7))
        loanConsented(kit, b, t, here, { amountMinor: scaled(usual, kit.rng.between(0.8, 2.5)), termMonths: kit.rng.pick([6, 12, 24]) }, kit.rng.chance(0.75) ? 'face' : 'otp');
      b.routine(t, -HOUR, () => here);
    },
  },
  {
    name: 'benign.migrant-move',
    label: 'benign',
    group: 'described',
    description:
      "A migrant worker starts at a factory in another city: a cheap new phone on the dormitory's wifi, sometimes a local number (face-verified), the payroll card the factory's bank issues in their own name bound when the first wages are due, the old card unbound weeks later or left; a loan after payday.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const arrive = errandAt(kit) - days(kit, 16, 30);
      const since = -days(kit, 90, 300);
      b.onboard(since, arrive - days(kit, 1, 10));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 10), arrive - days(kit, 10, 30));
      const dorm = ipAddress(kit.rng);
      const newPhone = kit.rng.chance(0.7);
      const deviceId = newPhone ? freshPhoneId(kit) : b.phone.id;
      const here = inApp(deviceId, dorm);
      const onData = () => inApp(deviceId, ipAddress(kit.rng));
      let t = arrive + kit.rng.between(2, 30) * HOUR;
      b.login(t, here, newPhone ? 'otp' : 'biometric');
      if (kit.rng.chance(0.3)) {
        t += days(kit, 0.5, 3);
        b.consent(t - kit.rng.int(10, 120) * SECOND, 'contact.change', undefined, here, kit.rng.chance(0.6) ? 'face' : 'otp');
        b.emit('contact.changed', t, { kind: 'phone', value: newPhoneNumber(kit) }, here);
      }
      const payroll = cardAtAnotherBank(kit, b.name, b.card.issuer);
      t += days(kit, 2, 10);
      const from = kit.rng.chance(0.8) ? here : onData();
      b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? payroll.ref : undefined, from, kit.rng.chance(0.7) ? 'otp' : 'face');
      b.bind(t, payroll, from);
      if (kit.rng.chance(0.4)) {
        const at = Math.min(-HOUR, t + days(kit, 0.5, 3));
        b.consent(at - kit.rng.int(10, 60) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, here);
        b.unbind(at, asUnbound(kit, b.card), here, kit.rng.pick([undefined, 'moved city', 'new payroll card']));
      }
      b.card = payroll;
      b.routine(t, -HOUR, () => (kit.rng.chance(0.7) ? here : onData()));
      if (kit.rng.chance(0.4))
        loanConsented(
          kit,
          b,
          Math.min(-HOUR, t + days(kit, 1, 10)),
          here,
          { amountMinor: scaled(usual, kit.rng.between(0.5, 1.2)), termMonths: kit.rng.pick([3, 6]) },
          kit.rng.chance(0.6) ? 'otp' : 'face',
        );
    },
  },
  {
    name: 'benign.lost-phone-recovered',
    label: 'benign',
    group: 'described',
    description:
      "A phone lost or stolen: the borrower calls the hotline from a friend's phone and the agent unbinds the card as a precaution; a day later a replacement SIM for the same number and a new phone (a code, sometimes a reset), or, when the number cannot be recovered, support changes it after a face check; the card bound again from the new phone.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const lost = kit.atLocalHour(errandAt(kit) - days(kit, 2, 4), kit.rng.between(8, 22));
      const since = -days(kit, 60, 300);
      b.onboard(since, lost - days(kit, 0.5, 6));
      if (kit.rng.chance(0.4)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), since + days(kit, 3, 10), lost - days(kit, 10, 30));
      const agent = supportSeat(kit);
      let t = lost + kit.rng.between(0.3, 6) * HOUR;
      const unbound = kit.rng.chance(0.5);
      if (unbound) b.unbind(t, asUnbound(kit, b.card), agent, kit.rng.pick(['phone lost, borrower called', 'borrower request via hotline', undefined]));
      const phone = inApp(freshPhoneId(kit), kit.rng.chance(0.7) ? (b.phone.ip ?? ipAddress(kit.rng)) : ipAddress(kit.rng));
      t += days(kit, 0.5, 1.5);
      if (kit.rng.chance(0.7)) {
        // The carrier reissues the SIM: same number, codes arrive again.
        if (kit.rng.chance(0.4)) {
          b.emit('password.reset', t, { method: 'sms' }, phone);
          b.login((t += kit.rng.int(1, 5) * MINUTE), phone, 'password');
        } else b.login(t, phone, 'otp');
      } else {
        // The number is gone: support re-verifies the borrower (a face check by a link, or a video call) and changes it.
        const seat = kit.rng.chance(0.5) ? agent : supportSeat(kit);
        const check: Origin = kit.rng.chance(0.6) ? phone : { channel: 'support', actor: { kind: 'borrower' } };
        b.consent(t - kit.rng.int(30, 600) * SECOND, 'contact.change', undefined, check, 'face');
        b.emit('contact.changed', t, { kind: 'phone', value: newPhoneNumber(kit) }, seat);
        if (kit.rng.chance(0.4)) b.emit('password.reset', (t += kit.rng.int(1, 10) * MINUTE), { method: 'support' }, seat);
        b.login((t += kit.rng.int(5, 120) * MINUTE), phone, 'otp');
      }
      if (unbound || kit.rng.chance(0.2)) {
        // The same card again (a new binding ref), or the bank's replacement when the card was in the phone case.
        const card = kit.rng.chance(0.7) ? { ...b.card, ref: kit.newId('card') } : reissued(kit, b.card);
        t += kit.rng.between(0.2, 12) * HOUR;
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? card.ref : undefined, phone, kit.rng.chance(0.6) ? 'face' : 'otp');
        b.bind(t, card, phone);
        b.card = card;
      }
      b.routine(t, -HOUR, () => phone);
    },
  },
  {
    name: 'benign.festival-spree',
    label: 'benign',
    group: 'described',
    description:
      "A shopping festival (Double 11, 618): three to seven small instalment purchases in one day at two to five partners, most in their in-app checkouts from the borrower's phone, often the first at midnight when the sale opens, each confirmed on the phone (OTP or face, some after the purchase arrives).",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const day = errandAt(kit) - DAY;
      const since = -days(kit, 60, 300);
      b.onboard(since, day - days(kit, 0.5, 10));
      if (kit.rng.chance(0.5)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), since + days(kit, 3, 10), day - days(kit, 10, 40));
      const shops = several(kit, FESTIVAL_PARTNERS, kit.rng.int(2, 5));
      const buys = kit.rng.int(3, 7);
      const hours = Array.from({ length: buys }, (_, i) => (i === 0 && kit.rng.chance(0.6) ? kit.rng.between(0, 0.4) : kit.rng.between(8, 23.8))).sort((x, y) => x - y);
      hours.forEach((hour, i) => {
        const shop = shops[i % shops.length];
        // In a mall in the afternoon, sometimes, at the shop's own terminal.
        const device = kit.rng.chance(0.85) || hour < 10 ? b.phone : { id: `${shop}-pos-${kit.rng.int(1, 400)}`, ip: ipAddress(kit.rng) };
        b.consentedLoan(
          kit.atLocalHour(day, hour),
          checkout(shop, device),
          { amountMinor: kit.rng.int(1, 30) * 10_000, termMonths: kit.rng.pick([3, 6, 12]), merchantId: shop },
          b.app,
        );
      });
    },
  },
];
