import type { AccountEvent, DeliveryChannelName } from '@sentinel/contracts';
import {
  type AccountState,
  CONSENT_GRACE_MS,
  CONSENT_WINDOW_MS,
  type ConsentStrength,
  consentStrength,
  type DeviceFact,
  type DeviceStanding,
  deviceStanding,
  signalledTakeover,
  type Trace,
} from './account-state';
import { ms, tracesBetween } from './time';

// What rules read of the trust model (account-state.ts keeps it): the consents an event stands on
// and their strength, and how to say a device's standing in both languages.

/** The consent purpose an event needs, and the id it would name. */
function consentPurposeOf(event: AccountEvent): { purpose: string; subjectId: string } | undefined {
  if (event.type === 'loan.opened') return { purpose: 'loan', subjectId: event.payload.loanId };
  if (event.type === 'card.unbound') return { purpose: 'card.unbind', subjectId: event.payload.card.ref };
  if (event.type === 'card.bound') return { purpose: 'card.bind', subjectId: event.payload.card.ref };
  return undefined;
}

/** The consents for this event within the consent window (before it, and a grace after): the borrower's unless `anyActor`. */
export function consentsFor(state: AccountState, event: AccountEvent, { beforeMs = CONSENT_WINDOW_MS, afterMs = CONSENT_GRACE_MS, anyActor = false } = {}): Trace[] {
  const wanted = consentPurposeOf(event);
  if (!wanted) return [];
  const at = ms(event.occurredAt);
  return tracesBetween(
    state,
    event.id,
    at - beforeMs,
    at + afterMs,
    (t) => t.type === 'consent.verified' && t.purpose === wanted.purpose && (!t.subjectId || t.subjectId === wanted.subjectId) && (anyActor || t.actorKind === 'borrower'),
  );
}

/**
 * A face check for this very event, from a device under no takeover mark: the borrower herself
 * chose it. It answers the doubts about what is done that an OTP cannot (whoever holds the phone
 * receives the OTP): a day far above the habit, a loan onto another holder's card.
 */
export function faceCheckFor(state: AccountState, event: AccountEvent): Trace | undefined {
  return consentsFor(state, event).find((t) => t.method === 'face' && !(t.deviceId && deviceStanding(state.devices[t.deviceId], t.at) === 'takeover'));
}

const RANK: readonly ConsentStrength[] = ['face', 'otp-trusted-contact', 'otp-on-file', 'esign', 'otp-untrusted-contact', 'esign-untrusted-contact', 'merchant-captured', 'none'];

/** The strongest of the consents, by who could have given them: `none` without any. */
export function strongestConsent(state: AccountState, consents: readonly Trace[]): { strength: ConsentStrength; consent?: Trace } {
  let best: { strength: ConsentStrength; consent?: Trace } = { strength: 'none' };
  for (const consent of consents) {
    const strength = consentStrength(state, consent);
    if (RANK.indexOf(strength) < RANK.indexOf(best.strength)) best = { strength, consent };
  }
  return best;
}

/**
 * Whether a consent of this strength speaks for the borrower: one delivered to a contact that is
 * not trusted does not, nor one a partner recorded on its own terminal.
 */
export const countsAsConsent = (strength: ConsentStrength): boolean => strength !== 'none' && strength !== 'merchant-captured' && !isUntrustedContact(strength);

/** A consent that reached only a contact the account does not trust: its code or link may be read by whoever set the contact. */
const isUntrustedContact = (strength: ConsentStrength): boolean => strength === 'otp-untrusted-contact' || strength === 'esign-untrusted-contact';

export const CONSENT_TEXT: Record<ConsentStrength, { en: string; zh: string }> = {
  face: { en: 'a face check', zh: '人脸核验' },
  'otp-trusted-contact': { en: 'an OTP to a phone number on file for long', zh: '发送至长期在用手机号的短信验证码' },
  'otp-on-file': { en: 'an OTP to the phone number on file', zh: '发送至在册手机号的短信验证码' },
  'otp-untrusted-contact': {
    en: 'an OTP to a phone number that came through a takeover signal and was never re-verified',
    zh: '发送至经可疑接管途径更换且未经再次核验的手机号的短信验证码',
  },
  esign: { en: 'an e-signature', zh: '电子签名' },
  'esign-untrusted-contact': {
    en: 'an e-signature whose link went to an email address that is not trusted (set through a takeover, by support without consent or from a device with nothing to vouch for it) and was never re-verified',
    zh: '签署链接发送至不受信任邮箱（经可疑接管途径、客服未经授权或由无从担保的设备设置）且未经再次核验的电子签名',
  },
  'merchant-captured': {
    en: 'a consent the partner recorded itself, on its own terminal, rather than one the borrower gave on their own device',
    zh: '由合作方在其自有终端上自行记录、而非借款人在本人设备上作出的授权',
  },
  none: { en: 'no consent', zh: '无授权' },
};

const DENIED_TEXT = {
  en: 'untrusted since the borrower answered "not me" about what it did, and never re-verified since',
  zh: '借款人已答复此设备的操作"不是我本人"，此后未经再次核验，不予信任',
};

/** Why a device stands as it does: a takeover by the borrower's own "not me" says so, not a signal it never gave. */
export function standingText(fact: DeviceFact | undefined, how: Exclude<DeviceStanding, 'established' | 'verified'>, at: string): { en: string; zh: string } {
  return how === 'takeover' && fact && !signalledTakeover(fact, at) ? DENIED_TEXT : STANDING_TEXT[how];
}

const STANDING_TEXT: Record<Exclude<DeviceStanding, 'established' | 'verified'>, { en: string; zh: string }> = {
  unknown: { en: 'never seen on this account', zh: '从未在此账户出现过' },
  new: { en: 'first seen on this account only moments before', zh: '刚刚才首次在此账户出现' },
  stale: { en: 'not seen on this account for a long time', zh: '已很久未在此账户出现' },
  takeover: {
    en: 'untrusted since it replaced a contact or reset the password before the account trusted it, and never re-verified',
    zh: '在获得账户信任前更换过联系方式或重置过密码，此后未经再次核验，不予信任',
  },
};

/** How long a reset keeps its contact from being asked, unless the device that asked for it is re-verified. */
const RESET_DOUBT_DAYS = 30;

/**
 * Whether a step-up must not ask through the mailbox, as of `at`: within `RESET_DOUBT_DAYS` it
 * received a password reset asked for from a device the account did not trust then (one it had not
 * used for long nor re-verified, or none named), and that device has not been re-verified since. A
 * mailbox taken with a password reused elsewhere stays on file for years and "trusted" by age; the
 * reset shows that someone else reads it, and a link sent there would let them answer "was me" for
 * the borrower. Resets by staff are the staff-reset rules' to judge (`staffReset`); why SMS resets
 * are not kept: `emailResets`.
 */
function mailboxInDoubt(state: AccountState, at: string): boolean {
  const resets = state.emailResets;
  if (!resets?.length) return false;
  const from = Date.parse(at) - RESET_DOUBT_DAYS * 86_400_000;
  return resets.some((reset) => {
    if (reset.at > at || Date.parse(reset.at) < from) return false;
    const fact = reset.deviceId ? state.devices[reset.deviceId] : undefined;
    const standing = deviceStanding(fact, reset.at);
    if (standing === 'verified' || standing === 'established') return false;
    return !(fact?.verifiedAt && fact.verifiedAt > reset.at && fact.verifiedAt <= at);
  });
}

/** For a step-up (`alert`) about `event`: the channels its question must not go through (`mailboxInDoubt`); none otherwise. */
export function stepUpAvoids(state: AccountState, event: Pick<AccountEvent, 'occurredAt'>, decision: string | null): DeliveryChannelName[] {
  return decision === 'alert' && mailboxInDoubt(state, event.occurredAt) ? ['email'] : [];
}
