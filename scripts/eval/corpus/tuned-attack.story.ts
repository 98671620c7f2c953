import { asUnbound, attackerDevice, cardAtAnotherBank, days, foreignIp, habitualAmount, loanHabit, newPhoneNumber, strikeAt, supportSeat } from './heldout-kit';
import { HOUR, ipAddress, MINUTE, type Origin, personName, SECOND, type StoryFamily } from './story';

// Attacks first written as held-out families for issue #21, from how takeovers and insider fraud
// happen rather than from the rules. The rules have since been tuned on them, so they are
// described now (docs/eval.md); the held-out attacks are in unseen-attack.story.ts.

export const TUNED_ATTACK_FAMILIES: StoryFamily[] = [
  {
    name: 'attack.patient-takeover',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      "A takeover that waits out every window: the phone number replaced from the attacker's device, days of quiet logins, then the card unbound with an OTP to the attacker's number and a card in another holder's name at another bank bound (the unbind often without the holder's name).",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const strike = strikeAt(kit);
      const waited = days(kit, 3, 9);
      let t = strike - waited;
      b.onboard(-days(kit, 60, 300), t - days(kit, 1, 10));
      const x = attackerDevice(kit, kit.rng.chance(0.7) ? 'app' : 'web');
      // In through a reset (SIM swapped or mailbox phished) or a leaked password.
      if (kit.rng.chance(0.6)) b.emit('password.reset', t, { method: kit.rng.pick(['sms', 'email'] as const) }, x);
      b.login((t += kit.rng.int(1, 15) * MINUTE), x, kit.rng.pick(['password', 'otp'] as const));
      b.emit('contact.changed', (t += kit.rng.int(2, 40) * MINUTE), { kind: 'phone', value: newPhoneNumber(kit) }, x);
      // The wait: the attacker's device checks in now and then; the victim, none the wiser, sometimes too.
      for (let at = t + days(kit, 0.5, 1.5); at < strike - HOUR; at += days(kit, 0.7, 2.5)) {
        b.login(at, kit.rng.chance(0.75) ? x : b.usual(), kit.rng.pick(['password', 'otp', 'biometric'] as const));
      }
      const theirs = cardAtAnotherBank(kit, personName(kit.rng), b.card.issuer);
      const unbind = () => {
        if (kit.rng.chance(0.8)) b.consent(t - kit.rng.int(5, 90) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, x);
        b.unbind(t, asUnbound(kit, b.card), x);
      };
      const bind = () => {
        b.consent(t - kit.rng.int(5, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? theirs.ref : undefined, x);
        b.bind(t, theirs, x);
      };
      t = strike;
      const unbindFirst = kit.rng.chance(0.7);
      (unbindFirst ? unbind : bind)();
      t += kit.rng.int(2, 240) * MINUTE;
      (unbindFirst ? bind : unbind)();
      if (kit.rng.chance(0.35)) b.consentedLoan(t + kit.gap(), x, { amountMinor: kit.rng.int(50, 600) * 10_000, termMonths: 12 });
    },
  },
  {
    name: 'attack.victim-phone-in-hand',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      "Someone holding the victim's unlocked phone (known device, home network): binds a card in another name and borrows onto it, or takes a loan several times the usual with the OTP that arrives on that same phone.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t0 = strikeAt(kit);
      b.onboard(-days(kit, 90, 300), t0 - days(kit, 0.2, 5));
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.7)) loanHabit(kit, b, usual, kit.rng.int(1, 4), -days(kit, 80, 85), t0 - days(kit, 10, 30));
      const phone = b.app;
      let t = t0;
      b.login(t, phone, kit.rng.pick(['biometric', 'password'] as const));
      if (kit.rng.chance(0.55)) {
        // A card in the taker's own name (or a mule's), sometimes replacing the victim's, then a loan paid out onto it.
        const theirs = kit.card(personName(kit.rng));
        t += kit.rng.int(1, 20) * MINUTE;
        if (kit.rng.chance(0.5)) {
          b.consent(t - 20 * SECOND, 'card.unbind', b.card.ref, phone);
          b.unbind(t, asUnbound(kit, b.card), phone);
          t += kit.rng.int(20, 300) * SECOND;
        }
        b.consent(t - 20 * SECOND, 'card.bind', kit.rng.chance(0.5) ? theirs.ref : undefined, phone);
        b.bind(t, theirs, phone);
        t += kit.rng.int(1, 45) * MINUTE;
        b.consentedLoan(t, phone, { amountMinor: Math.round((usual * kit.rng.between(1, 8)) / 100) * 100, termMonths: kit.rng.pick([6, 12]) });
      } else {
        // A loan far above the habit, with the OTP read off the same phone; sometimes two.
        t += kit.rng.int(1, 30) * MINUTE;
        b.consentedLoan(t, phone, { amountMinor: Math.round((usual * kit.rng.between(6, 20)) / 100) * 100, termMonths: kit.rng.pick([12, 24, 36]) });
        if (kit.rng.chance(0.3)) b.consentedLoan(t + kit.rng.int(5, 90) * MINUTE, phone, { amountMinor: Math.round((usual * kit.rng.between(4, 12)) / 100) * 100, termMonths: 24 });
      }
    },
  },
  {
    name: 'attack.email-redirect',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      "The email, not the phone, is redirected from the attacker's device; a reset link or e-signature then goes to the attacker's mailbox, and a loan or a card change follows hours to days later.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t0 = strikeAt(kit);
      const lead = kit.rng.between(1, 72) * HOUR;
      let t = t0 - lead;
      b.onboard(-days(kit, 40, 250), t - days(kit, 1, 8));
      const x = attackerDevice(kit, kit.rng.chance(0.7) ? 'web' : 'app');
      b.login(t, x, kit.rng.pick(['password', 'sso'] as const));
      const mailbox = { kind: 'email' as const, value: `${kit.newId('inbox').toLowerCase()}@${kit.rng.pick(['mail.example.net', 'example.org', 'proton.example'])}` };
      const resetFirst = kit.rng.chance(0.3);
      if (resetFirst) b.emit('password.reset', (t += kit.rng.int(1, 10) * MINUTE), { method: 'email' }, x);
      b.emit('contact.changed', (t += kit.rng.int(1, 20) * MINUTE), mailbox, x);
      if (!resetFirst && kit.rng.chance(0.6)) b.emit('password.reset', (t += kit.rng.int(2, 60) * MINUTE), { method: 'email' }, x);
      t = t0;
      const consentMethod = kit.rng.pick(['esign', 'esign', 'otp'] as const);
      if (kit.rng.chance(0.6)) {
        const loanId = kit.newId('loan');
        b.consent(t - kit.rng.int(10, 200) * SECOND, 'loan', kit.rng.chance(0.5) ? loanId : undefined, x, consentMethod);
        b.loan(t, x, { amountMinor: kit.rng.int(50, 900) * 10_000, termMonths: kit.rng.pick([6, 12, 24]) }, loanId);
      } else {
        const theirs = kit.card(personName(kit.rng));
        b.consent(t - 30 * SECOND, 'card.unbind', b.card.ref, x, consentMethod);
        b.unbind(t, asUnbound(kit, b.card), x);
        t += kit.rng.int(1, 60) * MINUTE;
        b.consent(t - 30 * SECOND, 'card.bind', theirs.ref, x, consentMethod);
        b.bind(t, theirs, x);
      }
    },
  },
  {
    name: 'attack.insider-support',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'described',
    description:
      "Someone inside support changes the borrower's phone or email from an agent console (with no consent, or one keyed in on the hotline), then the card is swapped or a loan taken with an OTP to the new contact, by the agent or an accomplice's device.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t0 = strikeAt(kit);
      let t = t0 - kit.rng.between(0.2, 60) * HOUR;
      b.onboard(-days(kit, 40, 300), t - days(kit, 0.5, 10));
      const agent = supportSeat(kit);
      if (kit.rng.chance(0.4)) b.consent(t - kit.rng.int(20, 300) * SECOND, 'contact.change', undefined, { channel: 'support', actor: { kind: 'borrower' } });
      const phone = kit.rng.chance(0.7);
      b.emit('contact.changed', t, phone ? { kind: 'phone', value: newPhoneNumber(kit) } : { kind: 'email', value: `${kit.newId('box').toLowerCase()}@example.net` }, agent);
      if (kit.rng.chance(0.3)) b.emit('password.reset', (t += kit.rng.int(1, 20) * MINUTE), { method: 'support' }, agent);
      // The follow-through: from the console itself, or an accomplice's device logging in with the new contact.
      const accomplice = kit.rng.chance(0.5) ? attackerDevice(kit) : undefined;
      const actor = accomplice ?? agent;
      t = t0;
      if (accomplice) b.login(t - kit.rng.int(2, 30) * MINUTE, accomplice, kit.rng.pick(['otp', 'password'] as const));
      const method = phone ? 'otp' : 'esign';
      if (kit.rng.chance(0.5)) {
        const theirs = kit.card(personName(kit.rng));
        b.consent(t - 40 * SECOND, 'card.unbind', kit.rng.chance(0.5) ? b.card.ref : undefined, accomplice ?? { channel: 'support', actor: { kind: 'borrower' } }, method);
        b.unbind(t, asUnbound(kit, b.card), actor, kit.rng.pick([undefined, 'borrower request via hotline', 'card lost, borrower called']));
        t += kit.rng.int(2, 180) * MINUTE;
        const binder = accomplice ?? attackerDevice(kit);
        b.consent(t - 30 * SECOND, 'card.bind', theirs.ref, binder, method);
        b.bind(t, theirs, binder);
      } else {
        const via = accomplice ?? attackerDevice(kit);
        const loanId = kit.newId('loan');
        b.consent(t - kit.rng.int(10, 120) * SECOND, 'loan', kit.rng.chance(0.5) ? loanId : undefined, via, method);
        b.loan(t, via, { amountMinor: kit.rng.int(80, 1000) * 10_000, termMonths: kit.rng.pick([12, 24]) }, loanId);
      }
    },
  },
  {
    name: 'attack.reset-outsized-loan',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'described',
    description:
      'A password reset from a network the account never used, then at once a loan ten to twenty-five times what the borrower usually borrows, with an OTP passed on that same phone.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const t0 = strikeAt(kit);
      b.onboard(-days(kit, 150, 300), t0 - days(kit, 1, 15));
      const usual = habitualAmount(kit);
      loanHabit(kit, b, usual, kit.rng.int(2, 5), -days(kit, 140, 145), t0 - days(kit, 7, 40));
      const x: Origin = {
        channel: 'app',
        actor: { kind: 'borrower' },
        device: { id: kit.newId(kit.rng.pick(['phone', 'dev'])), ip: kit.rng.chance(0.3) ? foreignIp(kit) : ipAddress(kit.rng) },
      };
      let t = t0;
      b.emit('password.reset', t, { method: kit.rng.pick(['sms', 'sms', 'email'] as const) }, x);
      if (kit.rng.chance(0.6)) b.login((t += kit.rng.int(10, 300) * SECOND), x, 'password');
      t += kit.rng.int(1, 25) * MINUTE;
      b.consentedLoan(t, x, { amountMinor: Math.round((usual * kit.rng.between(10, 25)) / 100) * 100, termMonths: kit.rng.pick([12, 24, 36]) });
    },
  },
];
