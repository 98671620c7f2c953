import { brandOf, monthEnds, vpnGateways } from './blind-kit';
import { asUnbound, cardAtAnotherBank, days, errandAt, habitualAmount, loanHabit, newPhoneNumber, ownPhoneFrom } from './heldout-kit';
import { DAY, HOUR, ipAddress, MINUTE, type Origin, personName, SECOND, type StoryFamily } from './story';
import { checkout, freshPhoneId, inApp, loanConsented, sameSurname, scaled, several } from './unseen-kit';

// Held-out look-alikes, third batch (docs/eval.md): ordinary borrowers in China doing what a fraud
// story also does (everything changed in one week, large loans in bursts, someone else's phone in
// an old person's account, addresses that jump, a new device every few weeks, a loan much larger
// than before), with the signs that it is them. Written from the borrower's side without reading
// the rules, and kept from whoever tunes them.

/** Partners for a larger purchase once the pay is better: a car's deposit, furniture, a laptop. */
const BIG_TICKET_PARTNERS = ['autohome-dealer', 'ikea-cn', 'jd-mall', 'suning', 'edu-apple-reseller'];

/** Wholesale partners where a stallholder restocks on instalments. */
const WHOLESALE_PARTNERS = ['alibaba-1688', 'pdd-wholesale', 'yiwugo-market'];

export const BLIND_BENIGN_FAMILIES: StoryFamily[] = [
  {
    name: 'benign.separation-fresh-start',
    label: 'benign',
    group: 'described',
    description:
      "After a divorce or a separation, everything changes within a week: a new phone in a rented flat, a new number (the old one was on the spouse's family plan), their own email instead of the family mailbox, the household card (often in the spouse's name) unbound and a card of their own bound, sometimes a new ID card for the new address; face checks on the new phone, the old phone used a last time; later perhaps a loan for the rent deposit.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const moveOut = errandAt(kit) - days(kit, 5, 9);
      const since = -days(kit, 90, 300);
      const spouse = personName(kit.rng);
      if (kit.rng.chance(0.4)) b.card = kit.card(spouse);
      b.onboard(since, moveOut - days(kit, 1, 10));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 10), moveOut - days(kit, 10, 40));
      const flat = ipAddress(kit.rng);
      const phoneId = freshPhoneId(kit);
      const here = inApp(phoneId, flat);
      const onData = () => inApp(phoneId, ipAddress(kit.rng));
      const evening = (t: number) => kit.atLocalHour(t, kit.rng.between(18, 23));
      b.login(evening(moveOut), here, kit.rng.pick(['otp', 'password'] as const));
      // The errands, in whatever order the week allows.
      const steps = several(kit, ['number', 'email', 'card', 'id', 'preferences'] as const, kit.rng.int(2, 5));
      if (!steps.includes('card') && !steps.includes('number')) steps.push(kit.rng.chance(0.5) ? 'card' : 'number');
      const when = steps.map(() => moveOut + kit.rng.between(0.3, 5) * DAY).sort((x, y) => x - y);
      let last = moveOut;
      steps.forEach((step, i) => {
        const t = evening(when[i]);
        const from = kit.rng.chance(0.8) ? here : onData();
        last = Math.max(last, t);
        if (step === 'number') {
          b.consent(t - kit.rng.int(10, 180) * SECOND, 'contact.change', undefined, from, kit.rng.chance(0.7) ? 'face' : 'otp');
          b.emit('contact.changed', t, { kind: 'phone', value: newPhoneNumber(kit) }, from);
        } else if (step === 'email') {
          if (kit.rng.chance(0.6)) b.consent(t - kit.rng.int(10, 120) * SECOND, 'contact.change', undefined, from, kit.rng.chance(0.5) ? 'face' : 'otp');
          b.emit('contact.changed', t, { kind: 'email', value: `${kit.newId('me').toLowerCase()}@${kit.rng.pick(['qq.example', 'foxmail.example', '163.example'])}` }, from);
        } else if (step === 'card') {
          const own = cardAtAnotherBank(kit, b.name, b.card.issuer);
          b.consent(t - kit.rng.int(10, 120) * SECOND, 'card.bind', kit.rng.chance(0.6) ? own.ref : undefined, from, kit.rng.chance(0.6) ? 'face' : 'otp');
          b.bind(t, own, from);
          if (kit.rng.chance(0.8)) {
            const at = t + kit.rng.int(1, 40) * MINUTE;
            if (kit.rng.chance(0.7))
              b.consent(at - kit.rng.int(5, 60) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, from, kit.rng.chance(0.5) ? 'face' : 'otp');
            b.unbind(at, asUnbound(kit, b.card), from, kit.rng.pick([undefined, 'joint card, separated', 'no longer use this card']));
            last = Math.max(last, at);
          }
          b.card = own;
        } else if (step === 'id') {
          // A new ID card for the new household registration: a new expiry, the same number.
          b.emit(
            'identity.document.updated',
            t,
            { documentType: 'resident_id', numberLast4: `${kit.rng.digits(3)}${kit.rng.pick(['2', '6', 'X'])}`, expiresOn: kit.dateAt(days(kit, 3600, 7200)) },
            from,
          );
        } else {
          b.emit(
            'preferences.updated',
            t,
            { channels: kit.rng.chance(0.5) ? ['sms'] : ['email', 'sms'], quietHours: kit.rng.chance(0.5) ? { start: '23:00', end: '07:00' } : null },
            from,
          );
        }
      });
      // The old phone, picked up with the last boxes.
      if (kit.rng.chance(0.3)) b.login(moveOut + days(kit, 0.5, 3), b.app, 'biometric');
      b.routine(last + HOUR, -HOUR, () => (kit.rng.chance(0.75) ? here : onData()));
      if (kit.rng.chance(0.45))
        loanConsented(
          kit,
          b,
          Math.min(-HOUR, last + days(kit, 0.3, 3)),
          here,
          { amountMinor: scaled(usual, kit.rng.between(1, 3)), termMonths: kit.rng.pick([6, 12]) },
          kit.rng.chance(0.7) ? 'face' : 'otp',
        );
    },
  },
  {
    name: 'benign.month-end-stallholder',
    label: 'benign',
    group: 'described',
    description:
      "A stallholder or a small shop's owner borrows in bursts at every month's end, when rent, suppliers and the helpers' wages fall due: one to three loans of ten to eighty thousand yuan within a day or two, from the phone on the shop's wifi, the shop's old PC or at home, some for stock at a wholesale partner's checkout, each confirmed by OTP or face; quiet in between, for three to seven months.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const shop = ipAddress(kit.rng);
      const ends = monthEnds(kit, errandAt(kit), kit.rng.int(3, 7));
      const since = Math.max(-295 * DAY, ends[0] - days(kit, 15, 60));
      b.onboard(since, ends[0] - days(kit, 1, 5));
      const atShop = ownPhoneFrom(b, shop);
      const shopPc: Origin = { channel: 'web', actor: { kind: 'borrower' }, device: { id: kit.newId('pc'), ip: shop } };
      b.routine(ends[0], -HOUR, () => (kit.rng.chance(0.6) ? atShop : b.usual()));
      const base = kit.rng.int(100, 400) * 10_000;
      for (const end of ends) {
        const loans = kit.rng.int(1, 3);
        for (let j = 0; j < loans; j++) {
          const at = Math.min(-HOUR, kit.atLocalHour(end + j * kit.rng.between(0.3, 1) * DAY, kit.rng.between(8, 22)));
          const method = kit.rng.chance(0.7) ? 'otp' : 'face';
          if (kit.rng.chance(0.2)) {
            const partner = kit.rng.pick(WHOLESALE_PARTNERS);
            loanConsented(
              kit,
              b,
              at,
              checkout(partner, atShop.device!),
              { amountMinor: scaled(base, kit.rng.between(0.3, 1)), termMonths: 3, merchantId: partner },
              method,
              atShop,
            );
          } else {
            const where = kit.rng.pick([atShop, atShop, atShop, shopPc, b.app]);
            loanConsented(kit, b, at, where, { amountMinor: Math.min(8_000_000, scaled(base, kit.rng.between(0.5, 2))), termMonths: kit.rng.pick([1, 3, 6]) }, method);
          }
        }
      }
    },
  },
  {
    name: 'benign.child-helps-parent',
    label: 'benign',
    group: 'described',
    description:
      "An adult child does the paperwork for an elderly parent (a hospital deposit, a roof repair, hearing aids): signed in to the parent's account on the child's own phone, on a weekend visit or over a video call from another city, often after a reset with the code the parent reads out; the face check on the parent's phone, or with the child's phone held up to the parent; sometimes the child's email added for the bills; some children have an account of their own.",
    weight: 1,
    build(kit) {
      const parentHome = ipAddress(kit.rng);
      const b = kit.borrower('p', 'benign', parentHome);
      const t0 = kit.atLocalHour(errandAt(kit), kit.rng.between(9, 21));
      const since = -days(kit, 60, 300);
      b.onboard(since, t0 - days(kit, 1, 30));
      const usual = kit.rng.int(5, 30) * 10_000;
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 2), since + days(kit, 3, 10), t0 - days(kit, 10, 40));
      const visiting = kit.rng.chance(0.5);
      const childIp = visiting ? parentHome : ipAddress(kit.rng);
      let childPhone: Origin;
      if (kit.rng.chance(0.4)) {
        const c = kit.borrower('c', 'benign', visiting ? undefined : childIp, sameSurname(kit, b.name));
        c.onboard(-days(kit, 40, 300), -days(kit, 0.5, 3));
        if (kit.rng.chance(0.5)) c.consentedLoan(t0 - days(kit, 3, 30), c.usual(), { amountMinor: c.amount(), termMonths: 12 });
        childPhone = inApp(c.phone.id, childIp);
      } else childPhone = inApp(freshPhoneId(kit), childIp);
      // An earlier look at the parent's bill, on an earlier visit.
      if (kit.rng.chance(0.3)) b.login(t0 - days(kit, 10, 60), inApp(childPhone.device!.id, kit.rng.chance(0.5) ? parentHome : ipAddress(kit.rng)), 'password');
      let t = t0;
      if (kit.rng.chance(0.4)) {
        b.emit('password.reset', t, { method: 'sms' }, childPhone);
        b.login((t += kit.rng.int(1, 4) * MINUTE), childPhone, 'password');
      } else b.login(t, childPhone, kit.rng.pick(['otp', 'password'] as const));
      if (kit.rng.chance(0.35)) {
        t += kit.rng.int(2, 15) * MINUTE;
        b.consent(t - kit.rng.int(20, 180) * SECOND, 'contact.change', undefined, kit.rng.chance(0.5) ? b.app : childPhone, 'face');
        b.emit('contact.changed', t, { kind: 'email', value: `${kit.newId('family').toLowerCase()}@${kit.rng.pick(['qq.example', '163.example', '126.example'])}` }, childPhone);
      }
      t += kit.rng.int(3, 20) * MINUTE;
      const faceOn = kit.rng.chance(0.5) ? b.app : childPhone;
      loanConsented(kit, b, t, childPhone, { amountMinor: kit.rng.int(50, 400) * 10_000, termMonths: kit.rng.pick([6, 12, 24]) }, 'face', faceOn);
      // The parent has a look on their own phone the next day.
      if (kit.rng.chance(0.5)) b.login(Math.min(-HOUR, t + days(kit, 0.5, 2)), b.app, kit.rng.pick(['password', 'biometric'] as const));
    },
  },
  {
    name: 'benign.corporate-vpn-worker',
    label: 'benign',
    group: 'described',
    description:
      "An employee of a multinational whose phone and laptop run the company's always-on VPN: every session at work exits at one of its gateways (Shanghai or Beijing data centres, Hong Kong, Singapore, Frankfurt), so the address jumps between sessions and even within one errand; at home in the evening the phone is on the home line. A loan or a card change of their own, done at the desk in office hours.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const joinedCompany = -days(kit, 30, 150);
      const since = Math.max(-300 * DAY, joinedCompany - days(kit, 30, 200));
      const t0 = kit.atLocalHour(errandAt(kit), kit.rng.between(9.5, 18.5));
      b.onboard(since, joinedCompany);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 10), joinedCompany - days(kit, 1, 10));
      const gateways = vpnGateways(kit);
      const laptopId = kit.newId('pc');
      const phoneVpn = () => ownPhoneFrom(b, kit.rng.pick(gateways));
      const laptopVpn = (): Origin => ({ channel: 'web', actor: { kind: 'borrower' }, device: { id: laptopId, ip: kit.rng.pick(gateways) } });
      for (let at = joinedCompany + days(kit, 0.5, 3); at < t0 - DAY; at += days(kit, 1, 5)) {
        const work = kit.rng.chance(0.65);
        const when = kit.atLocalHour(at, work ? kit.rng.between(9, 19) : kit.rng.between(19.5, 23));
        if (when < t0 - HOUR) b.login(when, work ? (kit.rng.chance(0.7) ? phoneVpn() : laptopVpn()) : b.app, kit.rng.pick(['biometric', 'password', 'sso'] as const));
      }
      let t = t0;
      const what = kit.rng.int(0, 2);
      if (what === 0) {
        // On the laptop's browser; the code or the face on the phone, through another gateway.
        b.login(t, laptopVpn(), 'password');
        t += kit.rng.int(2, 20) * MINUTE;
        loanConsented(
          kit,
          b,
          t,
          laptopVpn(),
          { amountMinor: scaled(usual, kit.rng.between(0.7, 2)), termMonths: kit.rng.pick([6, 12]) },
          kit.rng.chance(0.6) ? 'otp' : 'face',
          phoneVpn(),
        );
      } else if (what === 1) {
        b.login(t, phoneVpn(), 'biometric');
        t += kit.rng.int(1, 10) * MINUTE;
        loanConsented(
          kit,
          b,
          t,
          phoneVpn(),
          { amountMinor: scaled(usual, kit.rng.between(0.7, 1.5)), termMonths: kit.rng.pick([3, 6, 12]) },
          kit.rng.chance(0.7) ? 'otp' : 'face',
          phoneVpn(),
        );
      } else {
        const own = kit.rng.chance(0.5) ? cardAtAnotherBank(kit, b.name, b.card.issuer) : kit.card(b.name);
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? own.ref : undefined, phoneVpn(), kit.rng.chance(0.7) ? 'otp' : 'face');
        b.bind(t, own, phoneVpn());
        if (kit.rng.chance(0.6)) {
          // The old card, that evening at home.
          const at = Math.min(-HOUR, kit.atLocalHour(t, kit.rng.between(20, 23)));
          b.consent(at - kit.rng.int(5, 60) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, b.app);
          b.unbind(at, asUnbound(kit, b.card), b.app, kit.rng.pick([undefined, 'switching to salary card']));
        }
        b.card = own;
      }
      if (kit.rng.chance(0.5)) b.login(Math.min(-HOUR, kit.atLocalHour(t + DAY, kit.rng.between(19.5, 23))), b.app, 'biometric');
    },
  },
  {
    name: 'benign.app-reinstaller',
    label: 'benign',
    group: 'described',
    description:
      'A borrower on a cheap Android phone that runs out of storage (or a "phone cleaner" that wipes app data, or a hobbyist who flashes ROMs) reinstalls the app every few weeks: each time a new device id and a login by code or password, sometimes a reset first; on the home wifi or mobile data; loans of the usual size, some right after a reinstall when the app crashed at checkout, and a loan or a card change from the newest install.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const since = -days(kit, 90, 300);
      const end = errandAt(kit);
      b.onboard(since, since + days(kit, 5, 20));
      const brand = brandOf(b.phone.id);
      const home = b.phone.ip ?? ipAddress(kit.rng);
      const usual = habitualAmount(kit);
      const installs = kit.rng.int(3, 8);
      const gap = (end - DAY - (since + 20 * DAY)) / installs;
      const reinstall = (t: number): Origin => {
        const install = inApp(kit.newId(brand), kit.rng.chance(0.8) ? home : ipAddress(kit.rng));
        if (kit.rng.chance(0.25)) {
          b.emit('password.reset', t, { method: 'sms' }, install);
          b.login(t + kit.rng.int(1, 5) * MINUTE, install, 'password');
        } else b.login(t, install, kit.rng.pick(['otp', 'password'] as const));
        return install;
      };
      let t = since + 20 * DAY;
      for (let i = 0; i < installs; i++) {
        t += gap * kit.rng.between(0.6, 1);
        const install = reinstall(t);
        const id = install.device!.id;
        for (let at = t + days(kit, 0.3, 2); at < Math.min(t + gap * 0.6, end - DAY); at += days(kit, 1, 6))
          b.login(at, kit.rng.chance(0.75) ? inApp(id, home) : inApp(id, ipAddress(kit.rng)), 'biometric');
        if (kit.rng.chance(0.35)) {
          const at = Math.min(end - DAY, t + (kit.rng.chance(0.4) ? kit.rng.int(10, 20) * MINUTE : days(kit, 0.5, 4)));
          loanConsented(
            kit,
            b,
            at,
            install,
            { amountMinor: scaled(usual, kit.rng.between(0.6, 1.4)), termMonths: kit.rng.pick([3, 6, 12]) },
            kit.rng.chance(0.75) ? 'otp' : 'face',
          );
        }
      }
      // The newest install, and the errand from it.
      t = end;
      const install = reinstall(t);
      t += kit.rng.int(10, 60) * MINUTE;
      if (kit.rng.chance(0.6))
        loanConsented(kit, b, t, install, { amountMinor: scaled(usual, kit.rng.between(0.7, 1.4)), termMonths: kit.rng.pick([3, 6, 12]) }, kit.rng.chance(0.7) ? 'otp' : 'face');
      else {
        const own = kit.card(b.name);
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? own.ref : undefined, install);
        b.bind(t, own, install);
        if (kit.rng.chance(0.5)) {
          t += kit.rng.int(1, 30) * MINUTE;
          b.consent(t - kit.rng.int(5, 60) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, install);
          b.unbind(t, asUnbound(kit, b.card), install);
        }
        b.card = own;
      }
    },
  },
  {
    name: 'benign.raise-bigger-loan',
    label: 'benign',
    group: 'described',
    description:
      "A regular borrower of small sums gets a raise or a better job, repays early (the platform sends no event for a repayment) and borrows again two to six times as much over a longer term, face-verified on their own phone or laptop at home; sometimes the new employer's payroll card in their own name bound first, and a larger purchase at a partner's checkout in the same days.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const since = -days(kit, 150, 300);
      const t0 = errandAt(kit);
      const raise = t0 - days(kit, 10, 60);
      b.onboard(since, t0 - days(kit, 0.5, 5));
      const usual = habitualAmount(kit);
      loanHabit(kit, b, usual, kit.rng.int(2, 5), since + days(kit, 5, 15), raise - days(kit, 5, 20));
      if (kit.rng.chance(0.5)) {
        const payroll = cardAtAnotherBank(kit, b.name, b.card.issuer);
        const at = raise + days(kit, 1, 8);
        const from = b.usual();
        b.consent(at - kit.rng.int(10, 120) * SECOND, 'card.bind', kit.rng.chance(0.6) ? payroll.ref : undefined, from, kit.rng.chance(0.7) ? 'otp' : 'face');
        b.bind(at, payroll, from);
        if (kit.rng.chance(0.3)) {
          const later = at + days(kit, 0.5, 2);
          b.consent(later - kit.rng.int(5, 60) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, from);
          b.unbind(later, asUnbound(kit, b.card), from, kit.rng.pick([undefined, 'left old job']));
        }
        b.card = payroll;
      }
      if (kit.rng.chance(0.3)) b.emit('preferences.updated', raise + days(kit, 0.5, 5), { channels: ['email', 'sms'] }, b.usual());
      const where = kit.rng.chance(0.65) ? b.app : b.web;
      b.login(t0 - kit.rng.int(1, 30) * MINUTE, where, kit.rng.pick(['biometric', 'password'] as const));
      loanConsented(kit, b, t0, where, { amountMinor: scaled(usual, kit.rng.between(2, 6)), termMonths: kit.rng.pick([12, 24, 36]) }, kit.rng.chance(0.6) ? 'face' : 'otp');
      if (kit.rng.chance(0.35)) {
        const shop = kit.rng.pick(BIG_TICKET_PARTNERS);
        loanConsented(
          kit,
          b,
          Math.min(-HOUR, t0 + days(kit, 0.2, 1.5)),
          checkout(shop, b.phone),
          { amountMinor: kit.rng.int(50, 600) * 10_000, termMonths: kit.rng.pick([12, 24]), merchantId: shop },
          kit.rng.chance(0.6) ? 'face' : 'otp',
          b.app,
        );
      }
    },
  },
];
