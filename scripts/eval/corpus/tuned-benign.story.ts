import { asUnbound, cardAtAnotherBank, days, errandAt, foreignIp, habitualAmount, loanHabit, ownPhoneFrom, reissued } from './heldout-kit';
import { DAY, HOUR, ipAddress, MINUTE, type Origin, SECOND, type StoryFamily } from './story';

// Look-alikes first written as held-out families for issue #21: ordinary borrowers doing what an
// attacker's story also does (a new device, a card change, a new network, many customers at one
// shop), with the signs that it is them. The rules have since been tuned on them, so they are
// described now (docs/eval.md); the held-out look-alikes are in unseen-benign.story.ts.

export const TUNED_BENIGN_FAMILIES: StoryFamily[] = [
  {
    name: 'benign.phone-upgrade-card-change',
    label: 'benign',
    group: 'described',
    description:
      'A borrower of long standing sets up a new phone and the same evening changes their card, confirmed by OTP to the number on file for months, to a new card in their own name (often at another bank).',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const t0 = errandAt(kit);
      b.onboard(-days(kit, 120, 300), t0 - days(kit, 0.5, 6));
      if (kit.rng.chance(0.4)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), -days(kit, 100, 110), t0 - days(kit, 10, 40));
      const phone: Origin = {
        channel: 'app',
        actor: { kind: 'borrower' },
        device: { id: kit.newId(kit.rng.pick(['iphone', 'huawei', 'xiaomi'])), ip: kit.rng.chance(0.7) ? b.phone.ip : ipAddress(kit.rng) },
      };
      let t = t0;
      b.login(t, phone, kit.rng.pick(['otp', 'password'] as const));
      const next = kit.rng.chance(0.6) ? cardAtAnotherBank(kit, b.name, b.card.issuer) : kit.card(b.name);
      const steps = kit.rng.chance(0.5) ? ['unbind', 'bind'] : ['bind', 'unbind'];
      t += kit.rng.between(1, 6) * HOUR;
      for (const step of steps) {
        if (step === 'unbind') {
          b.consent(t - kit.rng.int(5, 60) * SECOND, 'card.unbind', kit.rng.chance(0.7) ? b.card.ref : undefined, phone, kit.rng.chance(0.8) ? 'otp' : 'face');
          b.unbind(t, asUnbound(kit, b.card), phone, kit.rng.pick([undefined, 'switching bank', 'new card']));
        } else {
          b.consent(t - kit.rng.int(5, 60) * SECOND, 'card.bind', kit.rng.chance(0.7) ? next.ref : undefined, phone, kit.rng.chance(0.8) ? 'otp' : 'face');
          b.bind(t, next, phone);
        }
        t += kit.rng.int(1, 40) * MINUTE;
      }
      b.card = next;
      // The old phone is used a last time, or handed down; the new one carries on.
      if (kit.rng.chance(0.3)) b.login(t + days(kit, 0.2, 1), b.app, 'biometric');
      for (let at = t + days(kit, 0.5, 1); at < -HOUR; at += days(kit, 0.5, 2)) b.login(at, phone, 'biometric');
    },
  },
  {
    name: 'benign.new-laptop-face-loan',
    label: 'benign',
    group: 'described',
    description: 'After a quiet month or two, a first login from a new laptop on the home network, face-verified, for a loan of the usual size.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const t0 = errandAt(kit);
      const quiet = days(kit, 35, 75);
      b.onboard(-days(kit, 200, 300), t0 - quiet);
      const usual = habitualAmount(kit);
      loanHabit(kit, b, usual, kit.rng.int(1, 4), -days(kit, 190, 195), t0 - quiet - days(kit, 1, 10));
      const laptop: Origin = { channel: 'web', actor: { kind: 'borrower' }, device: { id: kit.newId('pc'), ip: b.phone.ip ?? ipAddress(kit.rng) } };
      let t = t0;
      b.login(t, laptop, kit.rng.pick(['password', 'otp'] as const));
      t += kit.rng.int(2, 30) * MINUTE;
      const loanId = kit.newId('loan');
      // Face checks sometimes come from the phone's camera (a QR hand-off), sometimes the laptop's.
      const faceFrom = kit.rng.chance(0.6) ? laptop : b.app;
      const after = kit.rng.chance(0.25);
      b.consent(t + (after ? kit.rng.int(2, 40) : -kit.rng.int(10, 120)) * SECOND, 'loan', kit.rng.chance(0.7) ? loanId : undefined, faceFrom, 'face');
      b.loan(t, laptop, { amountMinor: Math.round((usual * kit.rng.between(0.7, 1.4)) / 100) * 100, termMonths: kit.rng.pick([3, 6, 12]) }, loanId);
      if (kit.rng.chance(0.4)) b.login(t + days(kit, 0.5, 1.5), b.app, 'biometric');
    },
  },
  {
    name: 'benign.holiday-abroad',
    label: 'benign',
    group: 'described',
    description:
      "A holiday abroad: the borrower's own phone on hotel wifi and a local SIM for a week or two, doing what they always do (logins, a loan of the usual size, quiet hours), then home again.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const length = days(kit, 4, 14);
      const back = errandAt(kit) + days(kit, 0, 1.5);
      const leave = back - length;
      b.onboard(-days(kit, 60, 300), leave - days(kit, 1, 5));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.5)) loanHabit(kit, b, usual, kit.rng.int(1, 3), -days(kit, 50, 55), leave - days(kit, 5, 20));
      const networks = Array.from({ length: kit.rng.int(1, 3) }, () => foreignIp(kit));
      const away = () => ownPhoneFrom(b, kit.rng.pick(networks));
      for (let t = leave + kit.rng.between(2, 12) * HOUR; t < back - HOUR; t += kit.rng.between(6, 36) * HOUR) b.login(t, away(), kit.rng.pick(['biometric', 'password'] as const));
      const errand = leave + kit.rng.between(0.2, 0.9) * length;
      const what = kit.rng.int(0, 3);
      if (what === 0) b.consentedLoan(errand, away(), { amountMinor: Math.round((usual * kit.rng.between(0.7, 1.3)) / 100) * 100, termMonths: 6 });
      else if (what === 1) b.emit('preferences.updated', errand, { locale: 'en', quietHours: { start: '22:00', end: '08:00' } }, away());
      else if (what === 2 && b.laptop) b.login(errand, { channel: 'web', actor: { kind: 'borrower' }, device: { id: b.laptop.id, ip: kit.rng.pick(networks) } }, 'password');
      else b.login(errand, away(), 'otp');
      b.login(back, b.app, 'biometric');
    },
  },
  {
    name: 'benign.dead-card-replaced',
    label: 'benign',
    group: 'described',
    description:
      "A card that expired, was cancelled by its bank or reported lost is replaced by the bank's reissue or a new card in the borrower's own name; the dead card unbound by the system or the borrower, or left.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      // Far enough back for a replacement up to three days later and an unbind a day after that.
      let t = errandAt(kit) - days(kit, 2.5, 4);
      b.onboard(-days(kit, 90, 300), t - days(kit, 1, 20));
      if (kit.rng.chance(0.5)) loanHabit(kit, b, habitualAmount(kit), 1, -days(kit, 60, 65), t - days(kit, 5, 30));
      const dead = b.card;
      const reason = kit.rng.pick(['expired', 'cancelled_by_bank', 'reported_lost'] as const);
      const next = kit.rng.chance(0.6) ? reissued(kit, dead) : kit.card(b.name);
      const from = b.usual();
      const system: Origin = { channel: 'system', actor: { kind: 'system' } };
      // A reissue often arrives (and is bound) before the old card stops working.
      const bindEarly = kit.rng.chance(0.3);
      const bind = (at: number) => {
        b.consent(at - kit.rng.int(5, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? next.ref : undefined, from, kit.rng.chance(0.8) ? 'otp' : 'face');
        b.bind(at, next, from);
      };
      if (bindEarly) bind(t - days(kit, 1, 10));
      b.emit('card.invalidated', t, { card: kit.rng.chance(0.7) ? dead : { ref: dead.ref, last4: dead.last4 }, reason }, system);
      if (!bindEarly) bind((t += kit.rng.between(0.5, 72) * HOUR));
      const unbind = kit.rng.int(0, 2);
      t += kit.rng.between(0.1, 24) * HOUR;
      if (unbind === 0) b.unbind(t, asUnbound(kit, dead), system, reason === 'expired' ? 'card expired' : 'cancelled by issuer');
      else if (unbind === 1) {
        if (kit.rng.chance(0.6)) b.consent(t - 30 * SECOND, 'card.unbind', dead.ref, from);
        b.unbind(t, asUnbound(kit, dead), from, kit.rng.pick([undefined, 'card no longer valid']));
      }
      b.card = next;
    },
  },
  {
    name: 'benign.honest-shop',
    label: 'benign',
    group: 'described',
    description:
      'An honest shop with many customers: eight to fourteen borrowers take instalment loans at its terminals over weeks, each confirming on their own phone (OTP or face), some before the loan event arrives and some after; some come back.',
    // A story is a dozen accounts: a lower weight keeps the shop's customers from outnumbering the other look-alikes.
    weight: 0.4,
    build(kit) {
      const shop = kit.newId('shop');
      const terminals = Array.from({ length: kit.rng.int(1, 3) }, () => ({ id: kit.newId('pos'), ip: ipAddress(kit.rng) }));
      const weeks = kit.rng.between(1, 6);
      const end = errandAt(kit);
      const customers = kit.rng.int(8, 14);
      for (let i = 0; i < customers; i++) {
        const b = kit.borrower(`c${i}`, 'benign');
        const at = end - kit.rng.between(0, weeks * 7) * DAY;
        b.onboard(-days(kit, weeks * 7 + 20, 300), at - days(kit, 0.1, 5));
        const till: Origin = { channel: `partner:${shop}`, actor: { kind: 'partner', id: shop }, device: kit.rng.pick(terminals) };
        const terms = { amountMinor: kit.rng.int(10, 120) * 10_000, termMonths: kit.rng.pick([3, 6, 12]), merchantId: shop };
        b.consentedLoan(at, till, terms, b.app);
        const again = at + days(kit, 7, 20);
        if (kit.rng.chance(0.2) && again < -MINUTE) b.consentedLoan(again, till, { ...terms, amountMinor: kit.rng.int(10, 80) * 10_000 }, b.app);
      }
    },
  },
];
