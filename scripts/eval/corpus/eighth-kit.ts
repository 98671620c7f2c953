import { days } from './heldout-kit';
import { HOUR, type StoryKit } from './story';

// Helpers for the held-out families of eighth-*.story.ts, beside those of the earlier batches'
// kits. Written from how borrowers and fraudsters behave on a consumer-lending platform in China;
// keep them free of rule names and thresholds.

/** Partners whose goods arrive as codes in an email: e-gift cards, prepaid top-ups, digital vouchers. */
export const EMAILED_CODE_PARTNERS = ['jd-ecard', 'egift-card-hub', 'tmall-gift-voucher', 'ctrip-travel-voucher'];

/** Partners a first-year student buys from at the start of term. */
export const TERM_START_PARTNERS = ['jd-mall', 'edu-apple-reseller', 'suning', 'pdd-shop', 'huawei-store'];

/** A late-evening moment on the day of `offset`, local time: a shared flat asleep, or in the shower. */
export const lateEveningOf = (kit: StoryKit, offset: number) => kit.atLocalHour(offset, kit.rng.between(22, 25.5) % 24);

/** Days a new hire waits between arriving in a city and paying a landlord: a week or two. */
export const untilRentDue = (kit: StoryKit) => days(kit, 6, 13) + kit.rng.int(0, 8) * HOUR;
