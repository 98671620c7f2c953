import { minutes } from './fifth-kit';
import { TERM_START_PARTNERS, untilRentDue } from './eighth-kit';
import { days, errandAt } from './heldout-kit';
import { hundredsOfYuan, signUp } from './sixth-kit';
import { DAY, HOUR, ipAddress, MINUTE, type StoryFamily } from './story';
import { campusEgress, checkout, inApp, loanConsented } from './unseen-kit';

// Held-out look-alikes, eighth batch (docs/eval.md): ordinary new borrowers whose first weeks look
// like an account opened to be drained (a first small loan, then a larger one within days), with
// the signs that it is them. Written after the seventh batch was tuned on, by whoever changed the
// rules in the same round (see eighth-attack.story.ts): held out from tuning, not from knowledge of
// the rules.

export const EIGHTH_BENIGN_FAMILIES: StoryFamily[] = [
  {
    name: 'benign.first-job-rent-deposit',
    label: 'benign',
    group: 'heldout',
    description:
      "A graduate starts a first job in another city (a factory's engineering trainee in Dongguan, a bank teller in Chengdu): in the first week, on the phone from the company dormitory's wifi, a new account and a small loan for work clothes, a bicycle or the month's phone and metro; a week or two later, moving out of the dormitory, the landlord wants a deposit and three months' rent up front (押一付三) and the graduate borrows that with their own face, many times the first loan; then repays month by month from the salary card.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const dorm = ipAddress(kit.rng);
      const rent = kit.atLocalHour(errandAt(kit), kit.rng.between(9, 22));
      const arrived = rent - untilRentDue(kit) - days(kit, 1, 4);
      const phone = inApp(b.phone.id, dorm);
      signUp(kit, b, arrived, -HOUR, { on: () => (kit.rng.chance(0.7) ? phone : b.app), first: phone, method: 'otp', every: [1, 4] });
      const small = arrived + days(kit, 0.2, 3);
      loanConsented(kit, b, small, phone, { amountMinor: hundredsOfYuan(kit, 5, 20), termMonths: kit.rng.pick([3, 6]) }, kit.rng.chance(0.5) ? 'face' : 'otp');
      const at = Math.min(-MINUTE, Math.max(rent, small + DAY));
      loanConsented(kit, b, at, kit.rng.chance(0.5) ? phone : b.app, { amountMinor: hundredsOfYuan(kit, 60, 150), termMonths: kit.rng.pick([6, 12]) }, 'face');
    },
  },
  {
    name: 'benign.freshman-term-start',
    label: 'benign',
    group: 'heldout',
    description:
      "A first-year student opens an account in the first weeks of term on the campus network: earphones or a desk lamp at a shop's checkout the first evening, and a few days later, after comparing prices with roommates, a laptop or a tablet for coursework at a partner's checkout on twelve instalments, confirmed with the code or the face; sometimes a small cash loan for the canteen card between them.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const egress = campusEgress(kit);
      const onCampus = () => inApp(b.phone.id, kit.rng.pick(egress));
      const laptopDay = kit.atLocalHour(errandAt(kit), kit.rng.between(12, 23));
      const arrived = laptopDay - days(kit, 3, 12);
      signUp(kit, b, arrived, -HOUR, { on: onCampus, method: 'otp', every: [1, 3] });
      const first = arrived + minutes(kit, 40, 600);
      const shop = kit.rng.pick(TERM_START_PARTNERS);
      loanConsented(kit, b, first, checkout(shop, b.phone), { amountMinor: hundredsOfYuan(kit, 1, 4), termMonths: 3, merchantId: shop }, 'otp', onCampus());
      if (kit.rng.chance(0.3)) loanConsented(kit, b, first + days(kit, 1, 2), onCampus(), { amountMinor: hundredsOfYuan(kit, 3, 8), termMonths: 3 }, 'otp');
      const big = kit.rng.pick(TERM_START_PARTNERS);
      const at = Math.min(-MINUTE, Math.max(laptopDay, first + 2 * DAY + HOUR));
      loanConsented(
        kit,
        b,
        at,
        checkout(big, b.phone),
        { amountMinor: hundredsOfYuan(kit, 30, 90), termMonths: 12, merchantId: big },
        kit.rng.chance(0.5) ? 'face' : 'otp',
        onCampus(),
      );
    },
  },
];
