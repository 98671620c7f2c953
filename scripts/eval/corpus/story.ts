import type { AccountEvent, AccountEventType, Actor, CardRef, Channel, Device, EventOf } from '@sentinel/contracts';
import type { BorrowerAnswer } from '@sentinel/rules';
import type { Rng } from './rng';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Per account: `attack` must end up with a fraud case (a victim), `benign` must not. */
export type Label = 'attack' | 'benign';

/**
 * `described`: the families the rules were tuned against: those earlier issues described, and
 * held-out families once they have been tuned on.
 * `heldout`: families written later from the borrower's and the attacker's side, without reading
 * the rules, and kept away from whoever tunes them: what the eval says about those is what it says
 * about stories nobody described.
 */
export type FamilyGroup = 'described' | 'heldout';
export const FAMILY_GROUPS: readonly FamilyGroup[] = ['described', 'heldout'];

export interface Story {
  id: string;
  family: string;
  group: FamilyGroup;
  label: Label;
  accounts: Record<string, Label>;
  /** Merchants or partner channels the roll-up should flag once the story has been seen. */
  merchants: string[];
  events: AccountEvent[];
}

interface FamilyBase {
  name: string;
  group: FamilyGroup;
  /** One line for the docs and the report. */
  description: string;
  /** Relative share of the corpus. */
  weight: number;
  build(kit: StoryKit): void;
}

/**
 * A family of stories. An attack family says what a step-up's "was this you?" would get back
 * through the account's contacts on file: `not_me` where the victim holds them and nobody leads
 * them to approve; `me` where someone else holds them (the victim's phone in hand, a swapped or
 * recycled SIM, texts forwarded by a trojan), the victim is coached into approving, or the account
 * is the fraudster's own (rented, synthetic, opened with a lost ID). Where a family mixes both, it
 * says `me`, so that recall after answers is not flattered. A benign borrower answers `me`.
 */
export type StoryFamily = (FamilyBase & { label: 'benign' }) | (FamilyBase & { label: 'attack'; stepUpAnswer: BorrowerAnswer });

/** Who does something, from where: the envelope fields other than the event's own. */
export interface Origin {
  channel: Channel;
  actor: Actor;
  device?: Device;
}

type Payload<T extends AccountEventType> = EventOf<T>['payload'];

export interface LoanTerms {
  /** In fen. */
  amountMinor: number;
  termMonths?: number;
  merchantId?: string;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '晓东'];
const BANKS = [
  { first6: '622202', issuer: 'ICBC' },
  { first6: '622848', issuer: 'ABC' },
  { first6: '621700', issuer: 'CCB' },
  { first6: '621661', issuer: 'BOC' },
  { first6: '622588', issuer: 'CMB' },
  { first6: '622262', issuer: 'BOCOM' },
  { first6: '621799', issuer: 'PSBC' },
];
// First octets of large Chinese access networks, so that addresses look like home and mobile lines.
const NETWORKS = [36, 39, 58, 60, 101, 106, 110, 111, 112, 113, 114, 116, 117, 119, 120, 121, 122, 123, 124, 125, 180, 182, 183, 218, 219, 220, 221, 222, 223];

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

export function ipAddress(rng: Rng): string {
  return `${rng.pick(NETWORKS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** One story being written: its accounts, their labels and their events, in story time. */
export class StoryKit {
  readonly events: AccountEvent[] = [];
  readonly accounts: Record<string, Label> = {};
  readonly merchants: string[] = [];
  private seq = 0;
  private ids = 0;

  /** `endMs` is the story's last moment; offsets are negative or zero, in milliseconds before it. */
  constructor(
    readonly rng: Rng,
    readonly id: string,
    private readonly accountPrefix: string,
    private readonly endMs: number,
  ) {}

  /** A fresh identifier within the story, such as a card ref, loan or device id. */
  newId(kind: string): string {
    return `${this.id}-${kind}${++this.ids}`;
  }

  /** `name`, for a borrower whose name the story fixes (a relative's); drawn otherwise. */
  borrower(role: string, label: Label, homeIp?: string, name?: string): Borrower {
    const accountId = `${this.accountPrefix}-${this.id}-${role}`;
    this.accounts[accountId] = label;
    return new Borrower(this, accountId, homeIp, name);
  }

  expectMerchantFlagged(merchantId: string): void {
    if (!this.merchants.includes(merchantId)) this.merchants.push(merchantId);
  }

  /** The calendar date (UTC) at an offset from the story's end, for document expiry dates. */
  dateAt(offsetMs: number): string {
    return new Date(this.endMs + offsetMs).toISOString().slice(0, 10);
  }

  /**
   * The offset at which the clock in China (UTC+8) reads `hour` (0 to 24, fractional) on the local
   * day of `offsetMs`: for stories that happen at night, in opening hours or at midnight. It may lie
   * after the story's end; callers keep it before.
   */
  atLocalHour(offsetMs: number, hour: number): number {
    const local = this.endMs + offsetMs + 8 * HOUR;
    const midnight = local - (((local % DAY) + DAY) % DAY);
    return midnight + hour * HOUR - 8 * HOUR - this.endMs;
  }

  /** A pause between two steps of one errand: seconds, minutes or hours. */
  gap(): number {
    const scale = this.rng.int(0, 2);
    return scale === 0 ? this.rng.int(5, 90) * SECOND : scale === 1 ? this.rng.int(2, 30) * MINUTE : this.rng.between(1, 12) * HOUR;
  }

  card(holderName: string): CardRef {
    const bank = this.rng.pick(BANKS);
    return { ref: this.newId('card'), fingerprint: `fp-${this.rng.hex(24)}`, first6: bank.first6, last4: this.rng.digits(4), issuer: bank.issuer, holderName };
  }

  emit<T extends AccountEventType>(accountId: string, type: T, offsetMs: number, payload: Payload<T>, origin: Origin): void {
    if (offsetMs > 0) throw new Error(`story ${this.id}: an event at +${offsetMs} ms lies after the story's end`);
    this.events.push({
      id: `${this.id}-${++this.seq}`,
      schemaVersion: 1,
      type,
      accountId,
      occurredAt: new Date(this.endMs + Math.round(offsetMs)).toISOString(),
      channel: origin.channel,
      actor: origin.actor,
      ...(origin.device ? { device: origin.device } : {}),
      payload,
    } as AccountEvent);
  }
}

/** One account and the borrower behind it: their phone, home line, card and contacts. */
export class Borrower {
  readonly name: string;
  readonly phone: Device;
  /** A laptop the borrower also uses, for some borrowers. */
  readonly laptop?: Device;
  card: CardRef;
  readonly phoneNumber: string;
  private readonly rng: Rng;

  constructor(
    private readonly kit: StoryKit,
    readonly accountId: string,
    homeIp?: string,
    name?: string,
  ) {
    this.rng = kit.rng;
    this.name = name ?? personName(this.rng);
    const home = homeIp ?? ipAddress(this.rng);
    this.phone = { id: kit.newId(this.rng.pick(['iphone', 'huawei', 'xiaomi', 'oppo', 'vivo'])), ip: home };
    if (this.rng.chance(0.4)) this.laptop = { id: kit.newId('pc'), ip: home };
    this.card = kit.card(this.name);
    this.phoneNumber = `+861${this.rng.pick(['3', '5', '7', '8', '9'])}${this.rng.digits(9)}`;
  }

  /** The borrower in the app on their own phone, at home. */
  get app(): Origin {
    return { channel: 'app', actor: { kind: 'borrower' }, device: this.phone };
  }

  /** The borrower on the web from their laptop, or from the phone's browser. */
  get web(): Origin {
    return { channel: 'web', actor: { kind: 'borrower' }, device: this.laptop ?? this.phone };
  }

  /** Either of the borrower's own usual ways in. */
  usual(): Origin {
    return this.rng.chance(0.7) ? this.app : this.web;
  }

  /**
   * The account as it is before the story: contacts set, a login, an ID document, a card bound,
   * then ordinary logins every few days until `untilOffset`.
   */
  onboard(sinceOffset: number, untilOffset: number, { documentExpiresOn }: { documentExpiresOn?: string } = {}): void {
    const o = this.app;
    this.kit.emit(this.accountId, 'device.login', sinceOffset, { method: 'password' }, o);
    this.kit.emit(this.accountId, 'contact.changed', sinceOffset + this.rng.int(1, 5) * MINUTE, { kind: 'phone', value: this.phoneNumber }, o);
    if (this.rng.chance(0.8)) {
      this.kit.emit(this.accountId, 'contact.changed', sinceOffset + 6 * MINUTE, { kind: 'email', value: `${this.accountId.toLowerCase()}@example.com` }, o);
    }
    this.kit.emit(
      this.accountId,
      'identity.document.updated',
      sinceOffset + 10 * MINUTE,
      {
        documentType: 'resident_id',
        numberLast4: `${this.rng.digits(3)}${this.rng.pick(['0', '5', 'X'])}`,
        expiresOn: documentExpiresOn ?? this.kit.dateAt(this.rng.int(400, 3000) * DAY),
      },
      o,
    );
    this.kit.emit(this.accountId, 'consent.verified', sinceOffset + 14 * MINUTE, { method: 'otp', purpose: 'card.bind', subjectId: this.card.ref }, o);
    this.kit.emit(this.accountId, 'card.bound', sinceOffset + 15 * MINUTE, { card: this.card }, o);
    if (this.rng.chance(0.3)) {
      this.kit.emit(this.accountId, 'preferences.updated', sinceOffset + 20 * MINUTE, { locale: this.rng.pick(['zh-CN', 'en'] as const), channels: ['email', 'sms'] }, o);
    }
    if (this.laptop) this.kit.emit(this.accountId, 'device.login', sinceOffset + this.rng.int(1, 3) * DAY, { method: 'password' }, this.web);
    this.routine(sinceOffset + 3 * DAY, untilOffset);
  }

  /** Ordinary logins every two to nine days between two offsets. */
  routine(fromOffset: number, toOffset: number, origin?: () => Origin): void {
    for (let t = fromOffset + this.rng.between(0.5, 3) * DAY; t < toOffset; t += this.rng.between(2, 9) * DAY) {
      this.login(t, origin ? origin() : this.usual(), this.rng.pick(['biometric', 'password', 'otp'] as const));
    }
  }

  login(offset: number, origin: Origin, method: Payload<'device.login'>['method'] = 'biometric'): void {
    this.kit.emit(this.accountId, 'device.login', offset, { method }, origin);
  }

  consent(
    offset: number,
    purpose: Payload<'consent.verified'>['purpose'],
    subjectId: string | undefined,
    origin: Origin,
    method: Payload<'consent.verified'>['method'] = 'otp',
  ): void {
    this.kit.emit(this.accountId, 'consent.verified', offset, { method, purpose, ...(subjectId ? { subjectId } : {}) }, origin);
  }

  /** A loan; returns its id. The amount is in fen. */
  loan(offset: number, origin: Origin, { amountMinor, termMonths, merchantId }: LoanTerms, loanId = this.kit.newId('loan')): string {
    this.kit.emit(
      this.accountId,
      'loan.opened',
      offset,
      { loanId, amountMinor, currency: 'CNY', ...(termMonths ? { termMonths } : {}), ...(merchantId ? { merchantId } : {}) },
      origin,
    );
    return loanId;
  }

  /** A consented loan: the OTP usually just before, sometimes seconds after the loan event. */
  consentedLoan(offset: number, origin: Origin, terms: LoanTerms, consentOrigin: Origin = origin): string {
    const loanId = this.kit.newId('loan');
    const gap = this.rng.chance(0.25) ? this.rng.int(1, 40) * SECOND : -this.rng.int(5, 240) * SECOND;
    this.consent(Math.min(0, offset + gap), 'loan', this.rng.chance(0.7) ? loanId : undefined, consentOrigin, this.rng.chance(0.85) ? 'otp' : 'face');
    return this.loan(offset, origin, terms, loanId);
  }

  bind(offset: number, card: CardRef, origin: Origin): void {
    this.kit.emit(this.accountId, 'card.bound', offset, { card }, origin);
  }

  unbind(offset: number, card: CardRef, origin: Origin, reason?: string): void {
    this.kit.emit(this.accountId, 'card.unbound', offset, { card, ...(reason ? { reason } : {}) }, origin);
  }

  emit<T extends AccountEventType>(type: T, offset: number, payload: Payload<T>, origin: Origin): void {
    this.kit.emit(this.accountId, type, offset, payload, origin);
  }

  /** An ordinary loan amount in fen: 500 to 30,000 yuan. */
  amount(): number {
    return this.rng.int(5, 300) * 10_000;
  }
}
