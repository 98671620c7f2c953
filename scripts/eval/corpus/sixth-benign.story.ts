import { LONG_TERM_ID, mailbox, minutes } from './fifth-kit';
import { MEDICAL_PARTNERS } from './fourth-kit';
import { asUnbound, cardAtAnotherBank, days, errandAt, habitualAmount, loanHabit, newPhoneNumber, ownPhoneFrom, reissued, supportSeat } from './heldout-kit';
import {
  capped,
  COUNTY_STORES,
  documentTail,
  FURNISHING_PARTNERS,
  hasEmail,
  hundredsOfYuan,
  MARKETPLACES,
  RENOVATION_PARTNERS,
  seconds,
  signUp,
  WHOLESALE_PARTNERS,
} from './sixth-kit';
import { type Borrower, DAY, HOUR, ipAddress, MINUTE, type Origin, type StoryFamily, type StoryKit } from './story';
import { checkout, freshPhoneId, inApp, loanConsented, sameSurname, scaled, several } from './unseen-kit';

// Look-alikes of the sixth held-out batch (docs/eval.md), described since they were tuned on: ordinary borrowers in China doing what a fraud
// story also does (a password reset by an agent, an expired ID and a restricted card, then a loan
// several times the usual; larger and larger loans at one partner for weeks; stock bought with loans
// many times the habit; weeks on a village line and a new phone at New Year; one handset on two
// accounts; one mobile number on two accounts), with the signs that it is them. Written from the
// borrower's side without reading the rules, and kept from whoever tuned them until they had been
// measured once.

const system: Origin = { channel: 'system', actor: { kind: 'system' } };

/** A partner's till in its own shop or showroom. */
const till = (kit: StoryKit, partner: string, ip = ipAddress(kit.rng)) => checkout(partner, { id: `${partner}-pos-${kit.rng.int(1, 900)}`, ip });

/** A consent method a borrower at their own phone uses: mostly the code, sometimes the face. */
const ownMethod = (kit: StoryKit) => (kit.rng.chance(0.6) ? 'otp' : 'face');

/** A card in the borrower's own name at another bank, bound with their consent; the old one removed then, or left. */
function ownNewCard(kit: StoryKit, b: Borrower, at: number, o: Origin, reason?: string): number {
  const card = cardAtAnotherBank(kit, b.name, b.card.issuer);
  let t = at;
  b.consent(t - seconds(kit, 10, 90), 'card.bind', kit.rng.chance(0.6) ? card.ref : undefined, o, ownMethod(kit));
  b.bind(t, card, o);
  if (kit.rng.chance(0.5)) {
    t = Math.min(-MINUTE, t + minutes(kit, 1, 30));
    b.consent(t - seconds(kit, 5, 60), 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, o);
    b.unbind(t, asUnbound(kit, b.card), o, reason);
  }
  b.card = card;
  return t;
}

export const SIXTH_BENIGN_FAMILIES: StoryFamily[] = [
  {
    name: 'benign.expired-id-hotline-renewal',
    label: 'benign',
    group: 'described',
    description:
      "A retiree whose resident ID, a twenty-year card issued in their forties, ran out months ago without their noticing, and who went on opening the app with a fingerprint; the bank restricts the card tied to the expired ID and the platform learns it can no longer pay to it; when a loan for dental implants or a grandchild's tuition is refused, they renew the ID at the police station (now a \"long-term\" card, same number) and call the hotline, having long forgotten the password their daughter set: the agent checks them on a video call, resets the password and, for most, records the new ID, or a grandchild uploads it on the retiree's phone that afternoon; days later, once the bank has lifted the restriction at the counter, the same card is bound again (or the new card the bank issued), the dead binding removed by the platform or by them, and the loan, several times what they used to borrow, is taken with their face on their old phone, sometimes at the dental clinic's payment partner.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const errand = kit.atLocalHour(errandAt(kit), kit.rng.between(9, 17));
      const expired = errand - days(kit, 40, 200);
      const since = Math.max(-295 * DAY, expired - days(kit, 60, 250));
      b.onboard(since, expired, { documentExpiresOn: kit.dateAt(expired) });
      const usual = habitualAmount(kit);
      if (expired - since > 20 * DAY && kit.rng.chance(0.7)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), expired - days(kit, 2, 10));
      const call = kit.atLocalHour(errand - days(kit, 3, 25), kit.rng.between(9, 16.5));
      // Months with an expired card: the fingerprint, as always.
      b.routine(expired, call - HOUR, () => b.app);
      const old = b.card;
      const restricted = expired + kit.rng.between(0.1, 0.9) * (call - expired);
      b.emit(
        'card.invalidated',
        restricted,
        { card: kit.rng.chance(0.6) ? old : { ref: old.ref, last4: old.last4 }, reason: kit.rng.chance(0.7) ? 'other' : 'cancelled_by_bank' },
        system,
      );
      const seat = supportSeat(kit);
      const renewed = {
        documentType: 'resident_id' as const,
        ...(documentTail(kit, b.accountId) ? { numberLast4: documentTail(kit, b.accountId) } : {}),
        expiresOn: kit.rng.chance(0.8) ? LONG_TERM_ID : kit.dateAt(kit.rng.int(7000, 7300) * DAY),
      };
      let t = call;
      b.emit('password.reset', t, { method: 'support' }, seat);
      if (kit.rng.chance(0.6)) {
        b.emit('identity.document.updated', (t += minutes(kit, 3, 12)), renewed, seat);
        b.login((t += minutes(kit, 2, 15)), b.app, 'password');
      } else {
        b.login((t += minutes(kit, 5, 30)), b.app, 'password');
        // A grandchild on a visit photographs the new card in the app.
        b.emit('identity.document.updated', (t += minutes(kit, 20, 240)), renewed, kit.rng.chance(0.7) ? b.app : ownPhoneFrom(b, ipAddress(kit.rng)));
      }
      const cardAt = Math.min(errand - minutes(kit, 30, 180), kit.atLocalHour(t + days(kit, 1, 4), kit.rng.between(9, 17)));
      const again = kit.rng.chance(0.6) ? { ...old, ref: kit.newId('card') } : reissued(kit, old);
      b.consent(cardAt - seconds(kit, 10, 90), 'card.bind', kit.rng.chance(0.5) ? again.ref : undefined, b.app, kit.rng.chance(0.6) ? 'face' : 'otp');
      b.bind(cardAt, again, b.app);
      const drop = kit.rng.next();
      if (drop < 0.4) b.unbind(restricted + kit.rng.between(0.5, 10) * HOUR, asUnbound(kit, old), system, kit.rng.pick(['card restricted by issuer', 'card cancelled by issuer']));
      else if (drop < 0.75) {
        const at = cardAt + minutes(kit, 1, 10);
        b.consent(at - seconds(kit, 5, 40), 'card.unbind', kit.rng.chance(0.5) ? old.ref : undefined, b.app, 'otp');
        b.unbind(at, asUnbound(kit, old), b.app);
      }
      b.card = again;
      b.login(errand - minutes(kit, 1, 5), b.app, 'biometric');
      const terms = { amountMinor: Math.max(hundredsOfYuan(kit, 30, 150), scaled(usual, kit.rng.between(2, 5))), termMonths: kit.rng.pick([12, 24]) };
      if (kit.rng.chance(0.3)) {
        const clinic = kit.rng.pick(MEDICAL_PARTNERS);
        loanConsented(kit, b, errand, checkout(clinic, b.phone), { ...terms, merchantId: clinic }, kit.rng.chance(0.7) ? 'face' : 'otp', b.app);
      } else loanConsented(kit, b, errand, b.app, terms, kit.rng.chance(0.7) ? 'face' : 'otp');
      b.routine(errand + HOUR, -HOUR, () => b.app);
    },
  },
  {
    name: 'benign.renovation-milestones',
    label: 'benign',
    group: 'described',
    description:
      "A couple who have just got the keys to a new flat pay the renovation company stage by stage as the work passes each milestone (the deposit and the design, water and electrics, tiling and carpentry, the final bill), each on instalments at the company's partner checkout, larger each time, weeks apart: on the phone at the site on mobile data after checking the work with the foreman, at the company's showroom till, or at home in the evening; the spouse, when they have an account, pays one stage from theirs; then furniture and appliances at two or three malls' checkouts in one weekend. Every loan is theirs, confirmed by code or face on their own phones.",
    weight: 1,
    build(kit) {
      const home = ipAddress(kit.rng);
      const a = kit.borrower('a', 'benign', home);
      const spouse = kit.rng.chance(0.45) ? kit.borrower('b', 'benign', home, undefined) : undefined;
      const done = kit.atLocalHour(errandAt(kit), kit.rng.between(10, 20));
      const keys = done - days(kit, 45, 120);
      const since = Math.max(-295 * DAY, keys - days(kit, 30, 200));
      a.onboard(since, keys);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, a, usual, kit.rng.int(1, 2), since + days(kit, 3, 8), keys - days(kit, 3, 10));
      a.routine(keys, -HOUR);
      if (spouse) {
        spouse.onboard(Math.max(-295 * DAY, keys - days(kit, 20, 200)), keys);
        spouse.routine(keys, -HOUR);
      }
      const reno = kit.rng.pick(RENOVATION_PARTNERS);
      const showroom = ipAddress(kit.rng);
      const stages = kit.rng.int(3, 5);
      let amount = hundredsOfYuan(kit, 20, 80);
      let spousePaid = false;
      for (let s = 0; s < stages; s++) {
        const at = s === stages - 1 ? done : kit.atLocalHour(keys + ((s + kit.rng.between(0, 0.5)) / (stages - 1)) * (done - keys - 4 * DAY), kit.rng.between(9, 21));
        const payer = spouse && !spousePaid && s > 0 && kit.rng.chance(0.4) ? spouse : a;
        if (payer === spouse) spousePaid = true;
        const terms = { amountMinor: amount, termMonths: kit.rng.pick([12, 24, 36]), merchantId: reno };
        const where = kit.rng.next();
        if (where < 0.4) {
          const site = ownPhoneFrom(payer, ipAddress(kit.rng));
          loanConsented(kit, payer, at, checkout(reno, site.device!), terms, ownMethod(kit), site);
        } else if (where < 0.7) {
          loanConsented(kit, payer, at, till(kit, reno, showroom), terms, ownMethod(kit), ownPhoneFrom(payer, kit.rng.chance(0.5) ? showroom : ipAddress(kit.rng)));
        } else {
          payer.login(at - minutes(kit, 1, 10), payer.app, kit.rng.pick(['biometric', 'password'] as const));
          loanConsented(kit, payer, at, checkout(reno, payer.phone), terms, ownMethod(kit), payer.app);
        }
        amount = capped(amount * kit.rng.between(1.3, 2.4), 8_000_000);
      }
      // The weekend after: furniture and appliances.
      const weekend = Math.min(-3 * HOUR, kit.atLocalHour(done + days(kit, 0.5, 1.5), kit.rng.between(10, 16)));
      several(kit, FURNISHING_PARTNERS, kit.rng.int(1, 3)).forEach((shop, i) => {
        const at = Math.min(-MINUTE, weekend + i * minutes(kit, 40, 120));
        const buyer = spouse && kit.rng.chance(0.3) ? spouse : a;
        const terms = { amountMinor: hundredsOfYuan(kit, 30, 250), termMonths: kit.rng.pick([6, 12, 24]), merchantId: shop };
        if (kit.rng.chance(0.5)) loanConsented(kit, buyer, at, till(kit, shop), terms, ownMethod(kit), ownPhoneFrom(buyer, ipAddress(kit.rng)));
        else loanConsented(kit, buyer, at, checkout(shop, buyer.phone), terms, ownMethod(kit), buyer.app);
      });
    },
  },
  {
    name: 'benign.ecommerce-stock-up',
    label: 'benign',
    group: 'described',
    description:
      "The owner of a small online shop (clothes, snacks or phone cases on Taobao, Pinduoduo or Douyin) stocks up before a shopping festival: in the two or three weeks before the sale, two to four loans many times their usual, for stock at a wholesale market's checkout and for the advertising budget in cash, some late at night after the day's orders are packed, from the phone on the warehouse's line (often signed in through the marketplace's one-tap login) or the old PC there; sometimes a card at the bank the marketplace settles to bound first; last season the same, smaller; quiet after the sale.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const warehouse = ipAddress(kit.rng);
      const pc: Origin = { channel: 'web', actor: { kind: 'borrower' }, device: { id: kit.newId('pc'), ip: warehouse } };
      const market = kit.rng.pick(MARKETPLACES);
      const atWork = () => ownPhoneFrom(b, warehouse);
      const viaMarket = (): Origin => ({ channel: `partner:${market}`, actor: { kind: 'borrower' }, device: atWork().device });
      const wholesale = kit.rng.pick(WHOLESALE_PARTNERS);
      const last = kit.atLocalHour(errandAt(kit), kit.rng.chance(0.5) ? kit.rng.between(21, 25.5) : kit.rng.between(10, 18));
      const runUp = days(kit, 10, 24);
      const since = -days(kit, 120, 295);
      b.onboard(since, last - runUp);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), last - runUp - days(kit, 3, 20));
      // The last season's stock-up, smaller.
      const before = last - days(kit, 140, 175);
      if (before - since > 5 * DAY && kit.rng.chance(0.6)) {
        const o = atWork();
        loanConsented(
          kit,
          b,
          before,
          checkout(wholesale, o.device!),
          { amountMinor: hundredsOfYuan(kit, 50, 250), termMonths: kit.rng.pick([3, 6]), merchantId: wholesale },
          ownMethod(kit),
          o,
        );
      }
      for (let d = last - runUp; d < -HOUR; d += days(kit, 1, 4)) {
        const at = kit.atLocalHour(d, kit.rng.between(9, 23));
        if (at < -HOUR && Math.abs(at - last) > HOUR) b.login(at, kit.rng.chance(0.4) ? viaMarket() : atWork(), kit.rng.pick(['biometric', 'password'] as const));
      }
      const n = kit.rng.int(2, 4);
      const moments = Array.from({ length: n - 1 }, () => kit.atLocalHour(last - kit.rng.between(1, runUp / DAY) * DAY, kit.rng.between(10, 25))).sort((x, y) => x - y);
      moments.push(last);
      if (kit.rng.chance(0.3)) {
        const at = moments[0] - minutes(kit, 10, 90);
        ownNewCard(kit, b, at, kit.rng.chance(0.5) ? pc : atWork(), 'settlement bank changed');
      }
      for (const at of moments) {
        if (kit.rng.chance(0.55)) {
          const o = kit.rng.chance(0.5) ? viaMarket() : atWork();
          if (o.channel !== 'app') b.login(at - minutes(kit, 1, 8), o, 'sso');
          const phone = atWork();
          loanConsented(
            kit,
            b,
            at,
            checkout(wholesale, phone.device!),
            { amountMinor: hundredsOfYuan(kit, 150, 800), termMonths: kit.rng.pick([3, 6, 12]), merchantId: wholesale },
            ownMethod(kit),
            phone,
          );
        } else {
          const o = kit.rng.chance(0.6) ? pc : atWork();
          b.login(at - minutes(kit, 1, 8), o, o === pc ? 'password' : 'biometric');
          loanConsented(kit, b, at, o, { amountMinor: Math.max(hundredsOfYuan(kit, 50, 400), scaled(usual, kit.rng.between(4, 10))), termMonths: kit.rng.pick([3, 6]) }, 'otp');
        }
      }
    },
  },
  {
    name: 'benign.spring-festival-homecoming',
    label: 'benign',
    group: 'described',
    description:
      "A factory or construction worker goes home to their village for the Spring Festival for two to five weeks: the train's mobile data, then the phone on the parents' broadband or the county's mobile network, far from the city they work in; often a new phone bought at the county town's store as a New Year treat and signed in with a code; on New Year's Eve or in the first days of the year, late at night after the reunion dinner and mahjong, a loan several times their usual for red envelopes, gifts and the family's bills, confirmed with their face, sometimes an appliance for the parents on instalments at the county store; then back to work, sometimes in a new city and a new factory whose payroll card, in their own name, they bind.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const eve = kit.atLocalHour(errandAt(kit) - (kit.rng.chance(0.5) ? days(kit, 6, 20) : 0), kit.rng.between(21, 25.5));
      const leave = eve - days(kit, 3, 14);
      const since = -days(kit, 100, 295);
      b.onboard(since, leave - days(kit, 0.5, 2));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), leave - days(kit, 5, 20));
      const village = ipAddress(kit.rng);
      let phoneId = b.phone.id;
      const ret = eve + days(kit, 4, 20);
      const home = () => inApp(phoneId, kit.rng.chance(0.7) ? village : ipAddress(kit.rng));
      b.login(leave, ownPhoneFrom(b, ipAddress(kit.rng)), kit.rng.pick(['biometric', 'password'] as const));
      const bought = kit.rng.chance(0.45) ? kit.atLocalHour(leave + kit.rng.between(1, Math.max(1.1, (eve - leave) / DAY - 0.5)) * DAY, kit.rng.between(10, 17)) : undefined;
      for (let d = leave + days(kit, 0.5, 2); d < Math.min(ret, -HOUR); d += days(kit, 1, 3)) {
        const at = kit.atLocalHour(d, kit.rng.between(9, 24));
        if (bought !== undefined && at > bought && phoneId === b.phone.id) {
          // The new phone, signed in at the county store.
          phoneId = freshPhoneId(kit);
          b.login(bought, inApp(phoneId, ipAddress(kit.rng)), 'otp');
        }
        if (at < Math.min(ret, -HOUR) && Math.abs(at - eve) > HOUR) b.login(at, home(), phoneId === b.phone.id ? 'biometric' : kit.rng.pick(['biometric', 'password'] as const));
      }
      if (kit.rng.chance(0.35)) {
        const store = kit.rng.pick(COUNTY_STORES);
        const at = Math.min(eve - HOUR, kit.atLocalHour(eve - days(kit, 1, 3), kit.rng.between(10, 17)));
        loanConsented(
          kit,
          b,
          at,
          till(kit, store),
          { amountMinor: hundredsOfYuan(kit, 15, 60), termMonths: kit.rng.pick([6, 12]), merchantId: store },
          ownMethod(kit),
          inApp(phoneId, ipAddress(kit.rng)),
        );
      }
      const o = inApp(phoneId, village);
      b.login(eve - minutes(kit, 1, 6), o, 'biometric');
      loanConsented(
        kit,
        b,
        eve,
        o,
        { amountMinor: Math.max(hundredsOfYuan(kit, 20, 80), scaled(usual, kit.rng.between(2, 4))), termMonths: kit.rng.pick([6, 12]) },
        kit.rng.chance(0.6) ? 'face' : 'otp',
      );
      if (ret < -DAY) {
        // Back at work: the old dormitory, or a new city.
        const dorm = kit.rng.chance(0.6) ? b.phone.ip! : ipAddress(kit.rng);
        const back = inApp(phoneId, dorm);
        b.login(ret, back, kit.rng.pick(['biometric', 'password'] as const));
        if (dorm !== b.phone.ip && kit.rng.chance(0.6)) ownNewCard(kit, b, Math.min(-HOUR, ret + days(kit, 1, 10)), back, kit.rng.pick([undefined, 'new employer payroll card']));
        for (let t = ret + days(kit, 1, 4); t < -HOUR; t += days(kit, 2, 7)) b.login(t, back, 'biometric');
      }
    },
  },
  {
    name: 'benign.hand-me-down-phone',
    label: 'benign',
    group: 'described',
    description:
      "A grown child or an older sibling upgrades and gives the old phone to a parent, a younger sibling or a cousin, wiped or not: the giver's account moves to the new phone with a code, and on the old handset, which the platform knew on the giver's account for months, the new owner signs up with their own number, ID and card, at the same flat or in their home town; now and then the giver, home on a visit, signs in to their own account once on the old phone to show how it works; weeks later the new owner's first loan, with their own face, and sometimes one of the giver's in the same week.",
    weight: 1,
    build(kit) {
      const a = kit.borrower('a', 'benign');
      const sameFlat = kit.rng.chance(0.4);
      const theirs = sameFlat ? a.phone.ip! : ipAddress(kit.rng);
      const r = kit.borrower('b', 'benign', theirs, kit.rng.chance(0.8) ? sameSurname(kit, a.name) : undefined);
      const errand = kit.atLocalHour(errandAt(kit), kit.rng.between(9, 22));
      const handover = errand - days(kit, 12, 90);
      const since = Math.max(-295 * DAY, handover - days(kit, 60, 250));
      a.onboard(since, handover);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, a, usual, kit.rng.int(1, 3), since + days(kit, 3, 8), handover - days(kit, 2, 10));
      const fresh = inApp(freshPhoneId(kit), a.phone.ip!);
      a.login(handover, fresh, kit.rng.pick(['otp', 'password'] as const));
      a.routine(handover + DAY, -HOUR, () => (a.laptop && kit.rng.chance(0.2) ? a.web : fresh));
      const old = () => inApp(a.phone.id, kit.rng.chance(0.8) ? theirs : ipAddress(kit.rng));
      const joined = handover + days(kit, 0.5, Math.min(10, (errand - handover) / DAY - 2));
      signUp(kit, r, joined, -HOUR, { on: old, every: [2, 9], email: kit.rng.chance(0.3) ? mailbox(kit, 'mail') : undefined });
      if (kit.rng.chance(0.3)) {
        // The giver, on a visit, shows how the app works from their own account on the old phone.
        a.login(kit.atLocalHour(joined + days(kit, 0, 1), kit.rng.between(10, 21)), inApp(a.phone.id, theirs), kit.rng.pick(['password', 'otp'] as const));
      }
      r.login(errand - minutes(kit, 1, 5), old(), 'biometric');
      loanConsented(kit, r, errand, old(), { amountMinor: hundredsOfYuan(kit, 5, 50), termMonths: kit.rng.pick([3, 6, 12]) }, kit.rng.chance(0.65) ? 'face' : 'otp');
      if (kit.rng.chance(0.3)) loanConsented(kit, a, errand - days(kit, 0.5, 5), fresh, { amountMinor: scaled(usual, kit.rng.between(0.7, 1.4)), termMonths: 6 }, 'otp');
    },
  },
  {
    name: 'benign.recycled-number-new-holder',
    label: 'benign',
    group: 'described',
    description:
      'Someone takes a new mobile number at a carrier\'s business hall that turns out to be recycled ("二次号"): its previous holder, a borrower here, moved to another number months ago without updating the platform and still signs in with a fingerprint or the password; the new holder gets a few of the platform\'s texts meant for them, then signs up themselves with the same number, their own ID and card, on their own new phone; weeks later the previous holder, who has stopped getting any codes, changes the number with a face check on their own phone, some after resetting the password by email; each borrows as usual.',
    weight: 1,
    build(kit) {
      const p = kit.borrower('p', 'benign');
      const n = kit.borrower('n', 'benign');
      const errand = kit.atLocalHour(errandAt(kit), kit.rng.between(9, 22));
      const moved = -days(kit, 130, 240);
      const since = Math.max(-295 * DAY, moved - days(kit, 20, 150));
      p.onboard(since, moved);
      const usual = habitualAmount(kit);
      if (moved - since > 15 * DAY && kit.rng.chance(0.6)) loanHabit(kit, p, usual, kit.rng.int(1, 2), since + days(kit, 3, 8), moved - days(kit, 2, 6));
      for (let t = moved + days(kit, 1, 5); t < -HOUR; t += days(kit, 3, 12)) {
        if (Math.abs(t - errand) > HOUR) p.login(t, p.usual(), kit.rng.chance(0.75) ? 'biometric' : 'password');
      }
      // After the carrier's quarantine the number is sold again.
      const joined = Math.min(moved + days(kit, 95, 120), errand - days(kit, 6, 20));
      signUp(kit, n, joined, -HOUR, {
        on: () => (kit.rng.chance(0.8) ? n.app : ownPhoneFrom(n, ipAddress(kit.rng))),
        first: n.app,
        number: p.phoneNumber,
        email: kit.rng.chance(0.4) ? mailbox(kit, 'mail') : undefined,
        every: [2, 9],
      });
      let fix = kit.atLocalHour(joined + days(kit, 2, Math.max(2.5, (errand - joined) / DAY - 1)), kit.rng.between(19, 23));
      if (fix > errand - 2 * HOUR) fix = errand - 2 * HOUR;
      if (kit.rng.chance(0.75)) {
        if (hasEmail(kit, p.accountId) && kit.rng.chance(0.4)) {
          p.emit('password.reset', fix - minutes(kit, 5, 20), { method: 'email' }, p.app);
          p.login(fix - minutes(kit, 2, 4), p.app, 'password');
        }
        p.consent(fix - seconds(kit, 15, 120), 'contact.change', undefined, p.app, 'face');
        p.emit('contact.changed', fix, { kind: 'phone', value: newPhoneNumber(kit) }, p.app);
      }
      const who = kit.rng.next();
      if (who < 0.5) loanConsented(kit, n, errand, n.app, { amountMinor: hundredsOfYuan(kit, 5, 60), termMonths: kit.rng.pick([3, 6, 12]) }, ownMethod(kit));
      if (who >= 0.3)
        loanConsented(
          kit,
          p,
          errand + (who < 0.5 ? days(kit, 0.2, 1) : 0),
          p.app,
          { amountMinor: scaled(usual, kit.rng.between(0.7, 1.6)), termMonths: kit.rng.pick([6, 12]) },
          'face',
        );
    },
  },
];
