import type { CardRef } from '@sentinel/contracts';
import { AGRI_PARTNERS, localWeekday, MEDICAL_PARTNERS, onboardFrom } from './fourth-kit';
import { asUnbound, cardAtAnotherBank, days, errandAt, habitualAmount, loanHabit, ownPhoneFrom } from './heldout-kit';
import { type Borrower, DAY, HOUR, ipAddress, MINUTE, type Origin, SECOND, type StoryFamily, type StoryKit } from './story';
import { checkout, loanConsented, nextLocalHour, scaled } from './unseen-kit';

// Look-alikes of the fourth held-out batch (docs/eval.md), described since they were tuned on:
// ordinary borrowers in China doing what a fraud story also does (quiet for months and then large
// loans, every card of a county replaced at once, two accounts on one phone, a large loan at night
// from a strange network, addresses that swap every week, the platform itself unbinding and
// re-binding cards), with the signs that it is them. Written from the borrower's side without
// reading the rules, and kept from whoever tuned them until they had been measured once.

const system: Origin = { channel: 'system', actor: { kind: 'system' } };

/** Provincial rural banks that merged their county banks and reissued every card under the new name and BIN. */
const BANK_MERGERS = [
  { old: ['622991', '621592'], oldIssuer: 'Jiangxi Rural Credit', first6: '623163', issuer: 'Jiangxi Rural Commercial Bank' },
  { old: ['622682', '621779'], oldIssuer: 'Liaoning Rural Credit', first6: '623098', issuer: 'Liaoning Rural Commercial Bank' },
  { old: ['622858', '621021'], oldIssuer: 'Henan Rural Credit', first6: '623059', issuer: 'Henan Rural Commercial Bank' },
  { old: ['621275', '622936'], oldIssuer: 'Sichuan Rural Credit', first6: '623190', issuer: 'Sichuan Rural Commercial United Bank' },
];

/** Whole yuan (as fen) between two sums of yuan in hundreds. */
const hundredsOfYuan = (kit: StoryKit, min: number, max: number) => kit.rng.int(min, max) * 10_000;

export const FOURTH_BENIGN_FAMILIES: StoryFamily[] = [
  {
    name: 'benign.sowing-season-farmer',
    label: 'benign',
    group: 'described',
    description:
      "A farmer who borrows twice a year, at spring sowing and at the autumn sowing of wheat or rapeseed: seed, fertiliser and a harvester's hire on instalments at a farm-supply partner's shop in the township (the code on their own phone) or in its app, and some cash; repaid after the harvest (no event), with a look at the bill once or twice a month from an old phone on the village's line or mobile data, and months of near silence in between.",
    weight: 1,
    build(kit) {
      const village = ipAddress(kit.rng);
      const b = kit.borrower('a', 'benign', village);
      const sowing = kit.atLocalHour(errandAt(kit), kit.rng.between(7, 20));
      const previous = sowing - days(kit, 170, 190);
      const since = Math.max(-295 * DAY, previous - days(kit, 15, 90));
      b.onboard(since, since + days(kit, 4, 10));
      const onData = () => ownPhoneFrom(b, ipAddress(kit.rng));
      for (let at = since + days(kit, 10, 20); at < sowing - DAY; at += days(kit, 12, 45))
        b.login(at, kit.rng.chance(0.7) ? b.app : onData(), kit.rng.pick(['password', 'biometric'] as const));
      const supply = kit.rng.pick(AGRI_PARTNERS);
      const till = checkout(supply, { id: `${supply}-pos-${kit.rng.int(1, 900)}`, ip: ipAddress(kit.rng) });
      const season = (start: number, scale: number) => {
        const loans = kit.rng.int(1, 3);
        for (let i = 0; i < loans; i++) {
          const at = Math.min(-HOUR, i === 0 ? start : kit.atLocalHour(start + days(kit, 0.5, 10), kit.rng.between(7, 19.5)));
          const method = kit.rng.chance(0.75) ? 'otp' : 'face';
          const amountMinor = scaled(hundredsOfYuan(kit, 20, 300), scale);
          const termMonths = kit.rng.pick([6, 9, 12]);
          const where = kit.rng.next();
          if (where < 0.5) loanConsented(kit, b, at, till, { amountMinor, termMonths, merchantId: supply }, method, kit.rng.chance(0.3) ? b.app : onData());
          else if (where < 0.75) loanConsented(kit, b, at, checkout(supply, b.phone), { amountMinor, termMonths, merchantId: supply }, method, b.app);
          else loanConsented(kit, b, at, b.app, { amountMinor, termMonths }, method);
        }
      };
      season(previous, 1);
      // This year more land rented, or a poor harvest made up for: the season's loans larger or smaller.
      season(sowing, kit.rng.between(0.8, 1.8));
    },
  },
  {
    name: 'benign.bank-merger-reissue',
    label: 'benign',
    group: 'described',
    description:
      "A province's rural credit banks merge into one rural commercial bank, which reissues every card under a new name and BIN: on the switch-over night the old cards of two to five borrowers of one county are cancelled (the platform learns it that night or when a direct debit fails); each binds the new card in their own name, some before the switch when the letter came, some after, one or two through the hotline; the dead card removed by the platform, by the borrower or by an agent, or left.",
    weight: 0.7,
    build(kit) {
      const merger = kit.rng.pick(BANK_MERGERS);
      const county = ipAddress(kit.rng).split('.').slice(0, 2).join('.');
      const switchOver = kit.atLocalHour(errandAt(kit) - days(kit, 1, 3), kit.rng.between(0.5, 4));
      const hotline: Origin = { channel: 'support', actor: { kind: 'borrower' } };
      const borrowers = kit.rng.int(2, 5);
      let batch = switchOver;
      for (let i = 0; i < borrowers; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'benign', `${county}.${kit.rng.int(0, 255)}.${kit.rng.int(1, 254)}`);
        const old: CardRef = { ...kit.card(b.name), first6: kit.rng.pick(merger.old), issuer: merger.oldIssuer };
        b.card = old;
        const since = -days(kit, 60, 300);
        b.onboard(since, switchOver - days(kit, 1, 20));
        if (kit.rng.chance(0.6)) loanHabit(kit, b, habitualAmount(kit), kit.rng.int(1, 3), since + days(kit, 3, 10), switchOver - days(kit, 5, 30));
        const next: CardRef = { ...kit.card(b.name), first6: merger.first6, issuer: merger.issuer };
        const agent: Origin = {
          channel: 'support',
          actor: { kind: 'agent', id: `agent-${kit.rng.int(1, 99)}` },
          device: { id: `console-ws-${kit.rng.int(1, 40)}`, ip: `61.135.${kit.rng.int(0, 4)}.${kit.rng.int(11, 60)}` },
        };
        const viaHotline = kit.rng.chance(0.15);
        const bind = (at: number) => {
          if (viaHotline) {
            b.consent(at - kit.rng.int(30, 300) * SECOND, 'card.bind', kit.rng.chance(0.5) ? next.ref : undefined, hotline, 'otp');
            b.bind(at, next, agent);
          } else {
            const o = b.usual();
            b.consent(at - kit.rng.int(10, 120) * SECOND, 'card.bind', kit.rng.chance(0.6) ? next.ref : undefined, o, kit.rng.chance(0.7) ? 'otp' : 'face');
            b.bind(at, next, o);
          }
        };
        const early = kit.rng.chance(0.35);
        if (early) bind(switchOver - days(kit, 2, 25));
        // The bank's file that night, a few seconds to minutes apart, or a failed direct debit days later.
        const cancelledAt = kit.rng.chance(0.6) ? (batch += kit.rng.int(3, 180) * SECOND) : switchOver + days(kit, 0.3, 1.5);
        b.emit('card.invalidated', cancelledAt, { card: kit.rng.chance(0.7) ? old : { ref: old.ref, last4: old.last4 }, reason: 'cancelled_by_bank' }, system);
        let t = cancelledAt;
        if (!early) bind((t = Math.min(-HOUR, nextLocalHour(kit, t + days(kit, 0.1, 1.5), kit.rng.between(7.5, 22.5)))));
        const removal = kit.rng.next();
        if (removal < 0.4)
          b.unbind(Math.min(-MINUTE, t + kit.rng.between(0.2, 20) * HOUR), asUnbound(kit, old), system, kit.rng.pick(['card cancelled by issuer', 'issuer merged']));
        else if (removal < 0.7) {
          t = Math.min(-MINUTE, nextLocalHour(kit, t + kit.rng.between(0.1, 12) * HOUR, kit.rng.between(7.5, 22.5)));
          const o = b.usual();
          b.consent(t - kit.rng.int(5, 60) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? old.ref : undefined, o);
          b.unbind(t, asUnbound(kit, old), o, kit.rng.pick([undefined, 'bank merged, new card']));
        } else if (removal < 0.85) {
          t = Math.min(-MINUTE, nextLocalHour(kit, t + kit.rng.between(0.1, 12) * HOUR, kit.rng.between(9, 20.5)));
          b.consent(t - kit.rng.int(30, 300) * SECOND, 'card.unbind', undefined, hotline, 'otp');
          b.unbind(t, asUnbound(kit, old), agent, 'borrower request via hotline');
        }
        b.card = next;
      }
    },
  },
  {
    name: 'benign.couple-one-phone',
    label: 'benign',
    group: 'described',
    description:
      "A couple (often in their fifties or sixties) with one smartphone between them: the other keeps a basic phone for calls and texts, so both accounts are opened and used on the same handset and home line, each with its own number, ID and card; the codes for the second account arrive on the basic phone and are read out, or the face is their own; both borrow in the same days (a roof repair, a grandchild's tuition), sometimes minutes apart, or one changes a card while the other borrows.",
    weight: 1,
    build(kit) {
      const home = ipAddress(kit.rng);
      const a = kit.borrower('h', 'benign', home);
      const w = kit.borrower('w', 'benign', home);
      const t0 = kit.atLocalHour(errandAt(kit), kit.rng.between(8, 21.5));
      const shared = (): Origin => (kit.rng.chance(0.85) ? a.app : ownPhoneFrom(a, ipAddress(kit.rng)));
      const sinceA = -days(kit, 90, 300);
      a.onboard(sinceA, t0 - days(kit, 0.5, 5));
      const sinceW = Math.min(-days(kit, 40, 280), sinceA + days(kit, 1, 60));
      onboardFrom(kit, w, sinceW, t0 - days(kit, 0.5, 5), shared);
      const habit = (b: Borrower, from: number) => {
        if (!kit.rng.chance(0.5)) return;
        const usual = habitualAmount(kit);
        const count = kit.rng.int(1, 3);
        for (let i = 0; i < count; i++) {
          const at = from + days(kit, 5, 15) + ((i + kit.rng.between(0.2, 0.8)) / count) * (t0 - days(kit, 20, 30) - from);
          loanConsented(
            kit,
            b,
            at,
            shared(),
            { amountMinor: scaled(usual, kit.rng.between(0.7, 1.4)), termMonths: kit.rng.pick([3, 6, 12]) },
            kit.rng.chance(0.7) ? 'otp' : 'face',
          );
        }
      };
      habit(a, sinceA);
      habit(w, sinceW);
      const first = kit.rng.chance(0.5) ? a : w;
      const other = first === a ? w : a;
      let t = t0;
      const phone = shared();
      first.login(t, phone, kit.rng.pick(['password', 'biometric'] as const));
      t += kit.rng.int(2, 15) * MINUTE;
      loanConsented(kit, first, t, phone, { amountMinor: hundredsOfYuan(kit, 20, 300), termMonths: kit.rng.pick([6, 12, 24]) }, kit.rng.chance(0.6) ? 'otp' : 'face');
      // Then the other one's turn, on the same phone: minutes later, or another day.
      t += kit.rng.chance(0.6) ? kit.rng.int(3, 30) * MINUTE : days(kit, 0.5, 2);
      t = Math.min(-HOUR, t);
      other.login(t, phone, kit.rng.pick(['password', 'otp'] as const));
      t += kit.rng.int(1, 10) * MINUTE;
      if (kit.rng.chance(0.6))
        loanConsented(kit, other, t, phone, { amountMinor: hundredsOfYuan(kit, 20, 300), termMonths: kit.rng.pick([6, 12, 24]) }, kit.rng.chance(0.6) ? 'otp' : 'face');
      else {
        const card = kit.rng.chance(0.5) ? cardAtAnotherBank(kit, other.name, other.card.issuer) : kit.card(other.name);
        other.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? card.ref : undefined, phone, kit.rng.chance(0.7) ? 'otp' : 'face');
        other.bind(t, card, phone);
        if (kit.rng.chance(0.5)) {
          t += kit.rng.int(1, 20) * MINUTE;
          other.consent(t - kit.rng.int(5, 60) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? other.card.ref : undefined, phone);
          other.unbind(t, asUnbound(kit, other.card), phone, kit.rng.pick([undefined, 'old card']));
        }
        other.card = card;
      }
    },
  },
  {
    name: 'benign.hospital-night-emergency',
    label: 'benign',
    group: 'described',
    description:
      "A parent or a child taken to hospital at night: in the emergency ward between nine in the evening and four in the morning, on the hospital's guest wifi or mobile data, the borrower takes a loan several times their usual (or a first, large one) for the admission deposit, face-verified, sometimes at the hospital's medical-payment partner, sometimes binding first the card at another bank that can pay that much; often a second loan for surgery the next day; logins from the ward for days after.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const night = kit.atLocalHour(errandAt(kit), kit.rng.between(21, 28));
      const since = -days(kit, 40, 300);
      b.onboard(since, night - days(kit, 0.3, 6));
      const habit = kit.rng.chance(0.65);
      const usual = habitualAmount(kit);
      if (habit) loanHabit(kit, b, usual, kit.rng.int(1, 4), since + days(kit, 3, 10), night - days(kit, 5, 30));
      const wifi = ipAddress(kit.rng);
      const ward = () => ownPhoneFrom(b, kit.rng.chance(0.7) ? wifi : ipAddress(kit.rng));
      let t = night;
      const here = ward();
      b.login(t, here, kit.rng.pick(['biometric', 'password'] as const));
      if (kit.rng.chance(0.3)) {
        const card = cardAtAnotherBank(kit, b.name, b.card.issuer);
        t += kit.rng.int(2, 15) * MINUTE;
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? card.ref : undefined, here, kit.rng.chance(0.7) ? 'face' : 'otp');
        b.bind(t, card, here);
        b.card = card;
      }
      t += kit.rng.int(2, 25) * MINUTE;
      const amountMinor = habit ? Math.max(scaled(usual, kit.rng.between(3, 15)), hundredsOfYuan(kit, 50, 200)) : hundredsOfYuan(kit, 100, 800);
      const method = kit.rng.chance(0.85) ? 'face' : 'otp';
      if (kit.rng.chance(0.2)) {
        const partner = kit.rng.pick(MEDICAL_PARTNERS);
        loanConsented(kit, b, t, checkout(partner, here.device!), { amountMinor, termMonths: kit.rng.pick([12, 24, 36]), merchantId: partner }, method, here);
      } else loanConsented(kit, b, t, here, { amountMinor, termMonths: kit.rng.pick([12, 24, 36]) }, method);
      if (kit.rng.chance(0.4)) {
        const at = Math.min(-HOUR, kit.atLocalHour(t + DAY, kit.rng.between(9, 18)));
        loanConsented(kit, b, at, ward(), { amountMinor: hundredsOfYuan(kit, 50, 500), termMonths: kit.rng.pick([12, 24, 36]) }, kit.rng.chance(0.8) ? 'face' : 'otp');
      }
      for (let at = t + days(kit, 0.3, 1); at < -HOUR; at += days(kit, 0.3, 1.5)) b.login(at, kit.rng.chance(0.7) ? ward() : b.app, 'biometric');
    },
  },
  {
    name: 'benign.two-city-commuter',
    label: 'benign',
    group: 'described',
    description:
      "A borrower who works the week in one city and goes home to another for the weekend (Shenzhen and Guangzhou, Beijing and Tianjin, Shanghai and Suzhou), for one to five months: the same phone on the rented room's wifi on weeknights, on the high-speed train's mobile data on Friday evening and Monday morning, on the home line at weekends, sometimes a company laptop at the office; a loan or a card change at the bank of the work city, from wherever the day finds them.",
    weight: 1,
    build(kit) {
      const b = kit.borrower('a', 'benign');
      const room = ipAddress(kit.rng);
      const office = ipAddress(kit.rng);
      const laptop: Origin | undefined = kit.rng.chance(0.4) ? { channel: 'web', actor: { kind: 'borrower' }, device: { id: kit.newId('pc'), ip: office } } : undefined;
      const started = -days(kit, 35, 150);
      const since = Math.max(-295 * DAY, started - days(kit, 30, 150));
      b.onboard(since, started);
      const usual = habitualAmount(kit);
      if (kit.rng.chance(0.6)) loanHabit(kit, b, usual, kit.rng.int(1, 3), since + days(kit, 3, 10), started - days(kit, 2, 10));
      const train = () => ownPhoneFrom(b, ipAddress(kit.rng));
      /** Where the borrower is at a moment: the clock and the day of the week say. */
      const whereAt = (at: number): Origin => {
        const wd = localWeekday(kit, at);
        const hour = (at - kit.atLocalHour(at, 0)) / HOUR;
        if ((wd === 1 && hour < 10) || (wd === 5 && hour >= 18)) return train();
        if (wd === 0 || wd === 6 || (wd === 5 && hour >= 22)) return b.app;
        if (hour >= 9 && hour < 18) return laptop && kit.rng.chance(0.4) ? laptop : ownPhoneFrom(b, office);
        return ownPhoneFrom(b, room);
      };
      const errand = kit.atLocalHour(errandAt(kit), kit.rng.between(7, 23));
      for (let day = started; day < -HOUR; day += DAY) {
        if (!kit.rng.chance(0.45)) continue;
        const at = kit.atLocalHour(day, kit.rng.chance(0.7) ? kit.rng.between(18, 23.5) : kit.rng.between(7, 18));
        if (at >= -HOUR || Math.abs(at - errand) < HOUR) continue;
        const o = whereAt(at);
        b.login(at, o, o.channel === 'web' ? 'password' : kit.rng.pick(['biometric', 'biometric', 'password'] as const));
      }
      const here = whereAt(errand);
      b.login(errand, here, here.channel === 'web' ? 'password' : kit.rng.pick(['biometric', 'password'] as const));
      let t = errand + kit.rng.int(2, 20) * MINUTE;
      if (kit.rng.chance(0.55)) {
        loanConsented(
          kit,
          b,
          t,
          here,
          { amountMinor: scaled(usual, kit.rng.between(0.7, 2)), termMonths: kit.rng.pick([3, 6, 12]) },
          kit.rng.chance(0.7) ? 'otp' : 'face',
          here.channel === 'web' ? b.app : here,
        );
      } else {
        const card = cardAtAnotherBank(kit, b.name, b.card.issuer);
        const o = here.channel === 'web' ? ownPhoneFrom(b, office) : here;
        b.consent(t - kit.rng.int(10, 90) * SECOND, 'card.bind', kit.rng.chance(0.6) ? card.ref : undefined, o, kit.rng.chance(0.7) ? 'otp' : 'face');
        b.bind(t, card, o);
        if (kit.rng.chance(0.4)) {
          t = Math.min(-MINUTE, t + days(kit, 0.5, 4));
          const later = whereAt(t);
          const u = later.channel === 'web' ? b.app : later;
          b.consent(t - kit.rng.int(5, 60) * SECOND, 'card.unbind', kit.rng.chance(0.6) ? b.card.ref : undefined, u);
          b.unbind(t, asUnbound(kit, b.card), u, kit.rng.pick([undefined, 'using work-city bank']));
        }
        b.card = card;
      }
    },
  },
  {
    name: 'benign.payment-processor-migration',
    label: 'benign',
    group: 'described',
    description:
      "The platform moves payouts and direct debits to a new payment processor: in a night's maintenance window the system unbinds each borrower's card and binds the same card again under a new binding ref (same fingerprint, holder and number), re-sending the standing e-signed agreements for the card and for loans being repaid, three to six accounts seconds apart; where the new processor wants the card verified again, the borrower confirms and binds it again in the app the next days; life goes on, a loan now and then.",
    weight: 0.7,
    build(kit) {
      const window = kit.atLocalHour(errandAt(kit) - days(kit, 0, 2), kit.rng.between(1, 4.5));
      const bindFirst = kit.rng.chance(0.5);
      const reason = kit.rng.pick(['payment channel migration', 'migrated to new payment processor', 'system migration']);
      const accounts = kit.rng.int(3, 6);
      let t = window;
      for (let i = 0; i < accounts; i++) {
        const b = kit.borrower(String.fromCharCode(97 + i), 'benign');
        const since = -days(kit, 40, 300);
        b.onboard(since, window - days(kit, 0.5, 10));
        const usual = habitualAmount(kit);
        let running: string | undefined;
        if (kit.rng.chance(0.6))
          running = loanConsented(
            kit,
            b,
            window - days(kit, 5, 30),
            b.usual(),
            { amountMinor: scaled(usual, kit.rng.between(0.7, 1.4)), termMonths: kit.rng.pick([3, 6, 12]) },
            'otp',
          );
        const old = b.card;
        const again: CardRef = { ...old, ref: kit.newId('card') };
        t += kit.rng.int(1, 90) * SECOND;
        if (kit.rng.chance(0.8)) {
          const steps = bindFirst ? ['bind', 'unbind'] : ['unbind', 'bind'];
          for (const step of steps) {
            if (step === 'bind') {
              if (kit.rng.chance(0.7)) b.consent(t, 'card.bind', again.ref, system, 'esign');
              b.bind(t + kit.rng.int(0, 5) * SECOND, again, system);
            } else b.unbind(t, asUnbound(kit, old), system, reason);
            t += kit.rng.int(1, 20) * SECOND;
          }
          if (running && kit.rng.chance(0.6)) b.consent(t, 'loan', running, system, 'esign');
        } else {
          b.unbind(t, asUnbound(kit, old), system, `${reason}: re-verification required`);
          const at = Math.min(-HOUR, kit.atLocalHour(t + days(kit, 0.3, 3), kit.rng.between(8, 22.5)));
          const o = b.usual();
          b.consent(at - kit.rng.int(10, 120) * SECOND, 'card.bind', kit.rng.chance(0.6) ? again.ref : undefined, o, kit.rng.chance(0.7) ? 'otp' : 'face');
          b.bind(at, again, o);
        }
        b.card = again;
        if (kit.rng.chance(0.35)) {
          loanConsented(
            kit,
            b,
            Math.min(-HOUR, t + days(kit, 0.5, 4)),
            b.usual(),
            { amountMinor: scaled(usual, kit.rng.between(0.7, 1.4)), termMonths: kit.rng.pick([3, 6, 12]) },
            kit.rng.chance(0.7) ? 'otp' : 'face',
          );
        }
      }
    },
  },
];
