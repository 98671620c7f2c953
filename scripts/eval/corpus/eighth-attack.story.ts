import { mailbox, minutes, nth } from './fifth-kit';
import { EMAILED_CODE_PARTNERS, lateEveningOf } from './eighth-kit';
import { attackerDevice, days, habitualAmount, loanHabit, newPhoneNumber, strikeAt } from './heldout-kit';
import { ruralCard } from './seventh-kit';
import { hundredsOfYuan, seconds, signUp } from './sixth-kit';
import { DAY, HOUR, ipAddress, MINUTE, type StoryFamily } from './story';
import { checkout, loanConsented, scaled } from './unseen-kit';

// Held-out attacks, eighth batch (docs/eval.md): written after the seventh batch was tuned on
// (issue #21), from how fraud against consumer-credit accounts in China happens: an account opened
// on a bought identity and raised patiently before the line is drawn, a flatmate who knows the lock
// code, an email mailbox taken over so that the platform's own messages and e-gift codes go to the
// fraudster. Unlike the batches before, these were written by whoever changed the rules in the same
// round, so they are held out from tuning but not from knowledge of the rules: the eval says what
// they say, not what stories nobody on the team wrote would say.

export const EIGHTH_ATTACK_FAMILIES: StoryFamily[] = [
  {
    name: 'attack.bought-id-raised-slowly',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'heldout',
    description:
      "A gang buys identities from people in debt (a few hundred yuan for the ID card and a card opened in their name at a county bank) and has a member open an account here on his own phone with a SIM bought in someone else's name, passing the face check himself; to look like a real borrower he lets it sit, signs in now and then, takes one small loan and repays it, and only after three to seven weeks draws the line in one or two loans, sometimes a phone on instalments at a partner to resell; then the account falls silent.",
    weight: 1,
    build(kit) {
      const v = kit.borrower('a', 'attack');
      const strike = kit.atLocalHour(strikeAt(kit), kit.rng.between(10, 23));
      const opened = kit.atLocalHour(strike - days(kit, 30, 60), kit.rng.between(9, 21));
      const gang = attackerDevice(kit, 'app');
      const card = ruralCard(kit, v.name);
      signUp(kit, v, opened, strike - HOUR, { first: gang, on: () => gang, number: newPhoneNumber(kit), card, method: 'otp', every: [3, 9] });
      // The small loan that raises the line, taken a week or two in.
      const small = opened + days(kit, 5, 14);
      loanConsented(kit, v, small, gang, { amountMinor: hundredsOfYuan(kit, 5, 20), termMonths: 3 }, kit.rng.chance(0.6) ? 'face' : 'otp');
      let t = Math.max(strike, small + days(kit, 16, 30));
      if (t > -MINUTE) t = strike;
      const draws = kit.rng.int(1, 2);
      for (let i = 0; i < draws; i++, t += minutes(kit, 5, 90)) {
        if (t > -MINUTE) break;
        if (i === 1 && kit.rng.chance(0.4)) {
          const shop = 'phone-outlet-flagship';
          loanConsented(kit, v, t, checkout(shop, gang.device!), { amountMinor: hundredsOfYuan(kit, 40, 100), termMonths: 12, merchantId: shop }, 'face', gang);
        } else {
          loanConsented(kit, v, t, gang, { amountMinor: hundredsOfYuan(kit, 60, 250), termMonths: kit.rng.pick([12, 24, 36]) }, kit.rng.chance(0.7) ? 'face' : 'otp');
        }
      }
    },
  },
  {
    name: 'attack.flatmate-knows-lock-code',
    label: 'attack',
    stepUpAnswer: 'me',
    group: 'heldout',
    description:
      "Young workers sharing a rented flat (a 合租 of three or four rooms): one of them, in gambling debt, has watched a flatmate unlock the phone; late one evening while the flatmate showers or sleeps he takes the phone from the table, opens the app with the lock code (the app's own password saved), and borrows close to the flatmate's usual amount with the code that arrives on that phone, sometimes twice in a week, onto the flatmate's own card; he then moves the money on in the flatmate's bank app and deletes the texts. No new device, no new network, no card of his.",
    weight: 1,
    build(kit) {
      const flat = ipAddress(kit.rng);
      const b = kit.borrower(nth(0), 'attack', flat);
      const since = -days(kit, 120, 295);
      const first = lateEveningOf(kit, strikeAt(kit) - days(kit, 0, 6));
      b.onboard(since, first - DAY);
      const usual = habitualAmount(kit);
      loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 10), first - days(kit, 10, 40));
      b.routine(first - days(kit, 20, 40), -HOUR, () => b.app);
      const times = kit.rng.chance(0.4) ? [first, Math.min(-MINUTE, lateEveningOf(kit, first + days(kit, 2, 6)))] : [first];
      for (const at of times) {
        if (at > -MINUTE) break;
        b.login(at - minutes(kit, 1, 3), b.app, 'password');
        loanConsented(kit, b, at, b.app, { amountMinor: scaled(usual, kit.rng.between(0.8, 2.2)), termMonths: kit.rng.pick([3, 6, 12]) }, 'otp');
      }
    },
  },
  {
    name: 'attack.mailbox-takeover-gift-codes',
    label: 'attack',
    stepUpAnswer: 'not_me',
    group: 'heldout',
    description:
      'A fraudster who bought a leaked password list gets into a borrower\'s email mailbox (the same password reused), sets the mailbox to forward and delete anything from the platform, then asks the platform for a password reset by email from his own laptop, signs in, puts a mailbox of his own on file for "bills" days later or not at all, and buys e-gift cards and travel vouchers at partners, whose codes are delivered by email, confirming each purchase with the e-signature link that now reaches him; a week later he buys more. The borrower\'s phone and card are untouched.',
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'attack');
      const since = -days(kit, 90, 295);
      const strike = kit.atLocalHour(strikeAt(kit), kit.rng.between(0, 24));
      b.onboard(since, strike - DAY);
      if (!kit.events.some((e) => e.accountId === b.accountId && e.type === 'contact.changed' && e.payload.kind === 'email')) {
        b.emit('contact.changed', since + days(kit, 1, 20), { kind: 'email', value: mailbox(kit, 'own') }, b.app);
      }
      if (kit.rng.chance(0.5)) loanHabit(kit, b, habitualAmount(kit), 1, since + days(kit, 3, 8), strike - days(kit, 10, 40));
      b.routine(strike - days(kit, 20, 40), -HOUR, () => b.app);
      const laptop = attackerDevice(kit, 'web');
      let t = strike;
      b.emit('password.reset', t, { method: 'email' }, laptop);
      t += minutes(kit, 1, 5);
      b.login(t, laptop, 'password');
      if (kit.rng.chance(0.5)) {
        t += minutes(kit, 2, 30);
        b.emit('contact.changed', t, { kind: 'email', value: mailbox(kit, 'bills') }, laptop);
      }
      const rounds = kit.rng.chance(0.5) ? 2 : 1;
      for (let r = 0; r < rounds; r++) {
        if (r === 1) t = Math.min(-MINUTE, t + days(kit, 5, 9));
        const buys = kit.rng.int(1, 3);
        for (let i = 0; i < buys; i++) {
          t = Math.min(-MINUTE, t + minutes(kit, 3, 25));
          const shop = kit.rng.pick(EMAILED_CODE_PARTNERS);
          b.consent(t - seconds(kit, 10, 90), 'loan', undefined, laptop, 'esign');
          b.loan(t, checkout(shop, laptop.device!), { amountMinor: hundredsOfYuan(kit, 5, 40), termMonths: kit.rng.pick([3, 6]), merchantId: shop });
        }
      }
    },
  },
];
