import { DAY, HOUR, ipAddress, MINUTE, type Origin, SECOND, type StoryFamily, type StoryKit } from './story';

// Partners whose in-app checkout ordinary borrowers use; none of them preys on anyone.
const MALLS = ['jd-mall', 'suning', 'gome', 'vipshop', 'pdd-shop', 'dangdang', 'meituan-pay', 'ctrip-travel'];

/** When the story's errand starts: up to a few days before the corpus ends, leaving room for its steps. */
const errandStart = (kit: StoryKit) => -kit.rng.between(0, 3) * DAY - 2 * DAY;

/** Optionally a loan still being repaid when the story happens (so the card matters). */
function maybeLoanInRepayment(kit: StoryKit, b: ReturnType<StoryKit['borrower']>, before: number, p = 0.5): void {
  if (kit.rng.chance(p)) b.consentedLoan(before - kit.rng.between(5, 60) * DAY, b.usual(), { amountMinor: b.amount(), termMonths: kit.rng.pick([3, 6, 12, 24]) });
}

export const BENIGN_FAMILIES: StoryFamily[] = [
  {
    name: 'benign.own-card-change',
    label: 'benign',
    group: 'described',
    description: 'The borrower replaces their card: OTP consent, unbind from the usual device, bind a new card in their own name (either order).',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      let t = errandStart(kit);
      b.onboard(-kit.rng.between(30, 150) * DAY, t - HOUR);
      maybeLoanInRepayment(kit, b, t);
      const from = b.usual();
      const old = b.card;
      const next = kit.card(b.name);
      const unbindFirst = kit.rng.chance(0.5);
      for (const step of unbindFirst ? ['unbind', 'bind'] : ['bind', 'unbind']) {
        t += kit.gap();
        if (step === 'unbind') {
          b.consent(t - kit.rng.int(3, 60) * SECOND, 'card.unbind', old.ref, from);
          b.unbind(t, old, from, kit.rng.pick([undefined, 'switching bank', 'card replaced']));
        } else {
          b.consent(t - kit.rng.int(3, 60) * SECOND, 'card.bind', next.ref, from);
          b.bind(t, next, from);
        }
      }
      b.card = next;
    },
  },
  {
    name: 'benign.support-unbind',
    label: 'benign',
    group: 'described',
    description: "A support agent unbinds the card at the borrower's request, with the borrower's OTP consent, from the agent's console.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      let t = errandStart(kit);
      b.onboard(-kit.rng.between(30, 150) * DAY, t - HOUR);
      maybeLoanInRepayment(kit, b, t, 0.3);
      const seat = kit.rng.int(1, 24);
      const agent: Origin = {
        channel: 'support',
        actor: { kind: 'agent', id: `agent-${kit.rng.int(1, 60)}` },
        device: { id: `console-ws-${seat}`, ip: `61.135.${Math.floor(seat / 8)}.${10 + seat}` },
      };
      // The OTP goes to the borrower's phone and is confirmed by the borrower: in the app, or keyed in on the hotline's voice menu.
      const hotline: Origin = { channel: 'support', actor: { kind: 'borrower' } };
      b.consent(t, 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, kit.rng.chance(0.5) ? b.app : hotline);
      t += kit.rng.int(20, 600) * SECOND;
      b.unbind(t, b.card, agent, kit.rng.pick(['borrower request via hotline', 'card lost, borrower called', 'closing bank account']));
      if (kit.rng.chance(0.5)) {
        const next = kit.card(b.name);
        t += kit.rng.between(1, 30) * HOUR;
        b.consent(t - 20 * SECOND, 'card.bind', next.ref, b.app);
        b.bind(t, next, b.app);
      }
    },
  },
  {
    name: 'benign.new-phone-settles',
    label: 'benign',
    group: 'described',
    description: 'The borrower gets a new phone, uses it for days, then unbinds the old card from it with consent (and often binds a new one).',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const t0 = errandStart(kit);
      const settle = kit.rng.between(3.5, 20) * DAY;
      b.onboard(-kit.rng.between(60, 180) * DAY, t0 - settle - DAY);
      maybeLoanInRepayment(kit, b, t0 - settle, 0.3);
      const phone: Origin = { channel: 'app', actor: { kind: 'borrower' }, device: { id: kit.newId('phone'), ip: kit.rng.chance(0.7) ? b.phone.ip : ipAddress(kit.rng) } };
      b.login(t0 - settle, phone, 'otp');
      for (let t = t0 - settle + kit.rng.between(0.3, 1.5) * DAY; t < t0 - HOUR; t += kit.rng.between(0.3, 2) * DAY) b.login(t, phone, 'biometric');
      b.consent(t0 - kit.rng.int(5, 60) * SECOND, 'card.unbind', b.card.ref, phone);
      b.unbind(t0, b.card, phone);
      if (kit.rng.chance(0.6)) {
        const next = kit.card(b.name);
        const at = t0 + kit.gap();
        b.consent(at - 15 * SECOND, 'card.bind', next.ref, phone);
        b.bind(at, next, phone);
      }
    },
  },
  {
    name: 'benign.consented-loan',
    label: 'benign',
    group: 'described',
    description:
      "Loans with the borrower's OTP or face consent: in the app, on the web, at a partner's in-app checkout or a shop's terminal; a quarter of the consents arrive seconds after the loan.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const t0 = errandStart(kit);
      b.onboard(-kit.rng.between(20, 200) * DAY, t0);
      const loans = kit.rng.int(1, 2);
      for (let i = 0; i < loans; i++) {
        const at = t0 + i * kit.rng.between(1, 40) * HOUR;
        const where = kit.rng.next();
        const mall = where < 0.35 ? kit.rng.pick(MALLS) : undefined;
        // At a partner: its checkout in the borrower's own app, or (instalments in a shop) the shop's terminal; the OTP always on the borrower's phone.
        const device = where < 0.2 ? b.phone : { id: `${mall}-pos-${kit.rng.int(1, 400)}`, ip: ipAddress(kit.rng) };
        const origin: Origin = mall ? { channel: `partner:${mall}`, actor: { kind: 'partner', id: mall }, device } : b.usual();
        b.consentedLoan(at, origin, { amountMinor: b.amount(), termMonths: kit.rng.pick([3, 6, 12]), merchantId: mall }, mall ? b.app : origin);
      }
    },
  },
  {
    name: 'benign.repeat-borrower',
    label: 'benign',
    group: 'described',
    description: 'A regular borrower: three to six consented loans a few weeks apart over months, amounts around their usual.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const loans = kit.rng.int(3, 6);
      const spacing = () => kit.rng.between(12, 40) * DAY;
      let t = -kit.rng.between(0, 4) * DAY - loans * 40 * DAY;
      b.onboard(t - kit.rng.between(10, 40) * DAY, -HOUR);
      const usual = b.amount();
      for (let i = 0; i < loans; i++) {
        t += spacing();
        if (t > -MINUTE) break;
        b.consentedLoan(t, b.usual(), { amountMinor: Math.round((usual * kit.rng.between(0.5, 2.5)) / 100) * 100, termMonths: kit.rng.pick([3, 6, 12]) });
      }
    },
  },
  {
    name: 'benign.travel',
    label: 'benign',
    group: 'described',
    description: 'The borrower travels: their own phone on hotel and roaming networks for days, with a consented loan or card change on the way.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const days = kit.rng.between(1, 10);
      const start = errandStart(kit) - days * DAY;
      b.onboard(-kit.rng.between(40, 200) * DAY, start - DAY);
      const hotel = ipAddress(kit.rng);
      const away = (): Origin => ({ channel: 'app', actor: { kind: 'borrower' }, device: { id: b.phone.id, ip: hotel } });
      for (let t = start; t < start + days * DAY; t += kit.rng.between(4, 30) * HOUR) b.login(t, away(), 'biometric');
      const errand = start + kit.rng.between(0.2, 0.9) * days * DAY;
      const what = kit.rng.int(0, 2);
      if (what === 0) b.consentedLoan(errand, away(), { amountMinor: b.amount(), termMonths: 6 });
      else if (what === 1) b.emit('preferences.updated', errand, { quietHours: { start: '23:00', end: '07:00' } }, away());
      else {
        const next = kit.card(b.name);
        b.consent(errand - 30 * SECOND, 'card.bind', next.ref, away());
        b.bind(errand, next, away());
        const unbindAt = errand + kit.gap();
        b.consent(unbindAt - 20 * SECOND, 'card.unbind', b.card.ref, away());
        b.unbind(unbindAt, b.card, away());
      }
    },
  },
  {
    name: 'benign.id-renewal',
    label: 'benign',
    group: 'described',
    description: 'The borrower renews their ID document before it expires, and often borrows afterwards.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const renewal = errandStart(kit) - kit.rng.between(0, 20) * DAY;
      const oldExpiry = kit.dateAt(renewal + kit.rng.between(3, 60) * DAY);
      b.onboard(-kit.rng.between(60, 250) * DAY, renewal - DAY, { documentExpiresOn: oldExpiry });
      b.emit(
        'identity.document.updated',
        renewal,
        { documentType: 'resident_id', numberLast4: `${kit.rng.digits(3)}X`, expiresOn: kit.dateAt(renewal + kit.rng.pick([10, 20]) * 365 * DAY) },
        b.usual(),
      );
      b.routine(renewal, -HOUR);
      if (kit.rng.chance(0.5)) b.consentedLoan(renewal + kit.rng.between(1, 40) * HOUR, b.usual(), { amountMinor: b.amount(), termMonths: 12 });
    },
  },
  {
    name: 'benign.bank-cancelled-card',
    label: 'benign',
    group: 'described',
    description: 'The bank cancels or expires the card; the borrower binds a new one in their own name, and often unbinds the dead card.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      let t = errandStart(kit) - DAY;
      b.onboard(-kit.rng.between(60, 250) * DAY, t - DAY);
      maybeLoanInRepayment(kit, b, t, 0.4);
      const dead = b.card;
      b.emit(
        'card.invalidated',
        t,
        { card: dead, reason: kit.rng.pick(['cancelled_by_bank', 'expired', 'reported_lost'] as const) },
        { channel: 'system', actor: { kind: 'system' } },
      );
      const from = b.usual();
      const next = kit.card(b.name);
      t += kit.rng.between(0.5, 36) * HOUR;
      b.consent(t - 25 * SECOND, 'card.bind', next.ref, from);
      b.bind(t, next, from);
      if (kit.rng.chance(0.6)) {
        t += kit.gap();
        b.consent(t - 10 * SECOND, 'card.unbind', dead.ref, from);
        b.unbind(t, dead, from, 'card cancelled by bank');
      }
      b.card = next;
    },
  },
  {
    name: 'benign.family-shared-ip',
    label: 'benign',
    group: 'described',
    description: 'Two to four family members, each on their own phone, share one home line; each borrows or changes a card with consent in the same days.',
    weight: 1,
    build(kit) {
      const home = ipAddress(kit.rng);
      const members = kit.rng.int(2, 4);
      const t0 = errandStart(kit) - DAY;
      for (let i = 0; i < members; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'benign', home);
        b.onboard(-kit.rng.between(30, 200) * DAY, t0 - HOUR);
        const at = t0 + kit.rng.between(0, 40) * HOUR;
        if (kit.rng.chance(0.6)) b.consentedLoan(at, b.usual(), { amountMinor: b.amount(), termMonths: kit.rng.pick([6, 12]) });
        else {
          const next = kit.card(b.name);
          b.consent(at - 20 * SECOND, 'card.bind', next.ref, b.usual());
          b.bind(at, next, b.usual());
        }
      }
    },
  },
  {
    name: 'benign.phone-number-change',
    label: 'benign',
    group: 'described',
    description: 'The borrower moves to a new phone number, confirmed by face or OTP from their usual device, and often borrows days or weeks later.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const t = errandStart(kit) - kit.rng.between(0, 25) * DAY;
      b.onboard(-kit.rng.between(40, 250) * DAY, t - DAY);
      const from = b.usual();
      b.consent(t - kit.rng.int(10, 120) * SECOND, 'contact.change', undefined, from, kit.rng.chance(0.6) ? 'face' : 'otp');
      b.emit('contact.changed', t, { kind: 'phone', value: `+861${kit.rng.pick(['3', '5', '8'])}${kit.rng.digits(9)}` }, from);
      b.routine(t, -HOUR);
      if (kit.rng.chance(0.5)) b.consentedLoan(Math.min(-HOUR, t + kit.rng.between(1, 25) * DAY), b.usual(), { amountMinor: b.amount(), termMonths: 12 });
    },
  },
  {
    name: 'benign.everyday',
    label: 'benign',
    group: 'described',
    description: 'Ordinary use: logins from the usual devices, message preferences and quiet hours, sometimes a tablet added and used for a week.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      b.onboard(-kit.rng.between(10, 200) * DAY, -HOUR);
      const t = -kit.rng.between(1, 8) * DAY;
      b.emit(
        'preferences.updated',
        t,
        {
          locale: kit.rng.pick(['zh-CN', 'en'] as const),
          channels: kit.rng.chance(0.5) ? ['sms'] : ['email', 'sms'],
          quietHours: kit.rng.chance(0.5) ? { start: '22:30', end: '07:30' } : null,
        },
        b.usual(),
      );
      if (kit.rng.chance(0.4)) {
        const tablet: Origin = { channel: 'app', actor: { kind: 'borrower' }, device: { id: kit.newId('pad'), ip: b.phone.ip } };
        for (let at = t - 6 * DAY; at < -HOUR; at += kit.rng.between(0.5, 3) * DAY) b.login(at, tablet, 'password');
      }
    },
  },
];
