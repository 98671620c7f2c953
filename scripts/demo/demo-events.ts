import type { AccountEvent } from '@sentinel/contracts';
import { randomUUID } from 'node:crypto';

/**
 * A plausible stream of lending-account activity: borrowers onboard, log in from their phones,
 * take loans after an OTP; now and then an attacker logs in from a new device and unbinds the
 * borrower's card. Used by the run command's demo and by the benchmark.
 */
export interface DemoOptions {
  accounts: number;
  /** Share of scenarios that are takeovers, 0..1. */
  suspiciousRate: number;
  random?: () => number;
  now?: () => Date;
  accountPrefix?: string;
}

interface Borrower {
  id: string;
  device: string;
  /** The borrower's home address: borrowers sharing addresses by chance would look like a ring. */
  ip: string;
  card: { ref: string; first6: string; last4: string; issuer: string };
  onboarded: boolean;
}

const ISSUERS = ['ICBC', 'China Construction Bank', 'Bank of China', 'China Merchants Bank'];
const SHADY_MERCHANTS = ['quick-cash-mall', 'phone-shop-88'];

export class DemoStream {
  private readonly random: () => number;
  private readonly now: () => Date;
  private readonly borrowers = new Map<number, Borrower>();
  private emitted = 0;

  constructor(private readonly options: DemoOptions) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The next scenario's events, in the order they happen. Most are everyday logins and consented
   * loans; `suspiciousRate` of them are a takeover or a partner loan the borrower never agreed to.
   * The second scenario is always a takeover and the third a partner loan, so a newcomer sees both.
   */
  next(): AccountEvent[] {
    const n = Math.floor(this.random() * this.options.accounts);
    const borrower = this.borrower(n);
    const events: AccountEvent[] = [];
    if (!borrower.onboarded) {
      events.push(...this.onboard(borrower, n));
      borrower.onboarded = true;
    }
    this.emitted += 1;
    const roll = this.random();
    if (this.emitted === 2 || (this.emitted > 3 && roll < this.options.suspiciousRate / 2)) {
      events.push(...this.takeover(borrower));
      borrower.onboarded = false; // the card is gone; the borrower re-binds later
    } else if (this.emitted === 3 || (this.emitted > 3 && roll < this.options.suspiciousRate)) {
      events.push(...this.partnerLoan(borrower));
    } else {
      events.push(...this.everyday(borrower));
    }
    return events;
  }

  private borrower(n: number): Borrower {
    let borrower = this.borrowers.get(n);
    if (!borrower) {
      const digits = String(1_000_000 + n).slice(-4);
      borrower = {
        id: `${this.options.accountPrefix ?? 'demo'}-${n}`,
        device: `phone-${n}-${randomUUID().slice(0, 8)}`,
        ip: `2001:db8:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}::1`,
        card: { ref: `card-${n}-${randomUUID().slice(0, 6)}`, first6: '622202', last4: digits, issuer: ISSUERS[n % ISSUERS.length] },
        onboarded: false,
      };
      this.borrowers.set(n, borrower);
    }
    return borrower;
  }

  private base(borrower: Borrower, device: string, channel: AccountEvent['channel'] = 'app') {
    return {
      id: randomUUID(),
      schemaVersion: 1 as const,
      accountId: borrower.id,
      occurredAt: this.now().toISOString(),
      channel,
      actor: { kind: 'borrower' as const },
      device: { id: device, ip: device === borrower.device ? borrower.ip : `203.0.113.${Math.floor(this.random() * 250) + 1}` },
      correlationId: randomUUID(),
    };
  }

  private onboard(b: Borrower, n: number): AccountEvent[] {
    const phone = `+86138${String(10_000_000 + n).slice(-8)}`;
    return [
      { ...this.base(b, b.device), type: 'contact.changed', payload: { kind: 'email', value: `borrower${n}@example.com` } },
      { ...this.base(b, b.device), type: 'contact.changed', payload: { kind: 'phone', value: phone } },
      { ...this.base(b, b.device), type: 'device.login', payload: { method: 'otp' } },
      { ...this.base(b, b.device), type: 'card.bound', payload: { card: b.card } },
    ];
  }

  private everyday(b: Borrower): AccountEvent[] {
    const loanId = `loan-${randomUUID().slice(0, 12)}`;
    const roll = this.random();
    if (roll < 0.02) {
      return [{ ...this.base(b, b.device, 'system'), type: 'card.invalidated', payload: { card: b.card, reason: 'cancelled_by_bank' } }];
    }
    if (roll < 0.06) {
      // Renewed or newly verified documents; a few expire soon, so reminders show up.
      const days = this.random() < 0.3 ? 1 + Math.floor(this.random() * 30) : 365 + Math.floor(this.random() * 3650);
      const expiresOn = new Date(this.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
      return [
        {
          ...this.base(b, b.device),
          type: 'identity.document.updated',
          payload: { documentType: 'resident_id', numberLast4: String(1000 + Math.floor(this.random() * 9000)), expiresOn },
        },
      ];
    }
    if (roll < 0.88) return [{ ...this.base(b, b.device), type: 'device.login', payload: { method: 'biometric' } }];
    return [
      { ...this.base(b, b.device), type: 'consent.verified', payload: { method: 'otp', purpose: 'loan', subjectId: loanId } },
      {
        ...this.base(b, b.device),
        type: 'loan.opened',
        payload: { loanId, amountMinor: 100_000 * (1 + Math.floor(this.random() * 50)), currency: 'CNY', termMonths: 12 },
      },
    ];
  }

  private takeover(b: Borrower): AccountEvent[] {
    const attacker = `unknown-${randomUUID().slice(0, 8)}`;
    return [
      { ...this.base(b, attacker, 'web'), type: 'device.login', payload: { method: 'password' } },
      { ...this.base(b, attacker, 'web'), type: 'card.unbound', payload: { card: b.card } },
    ];
  }

  /** A merchant opens a loan on the account from its own terminal, with no consent from the borrower. */
  private partnerLoan(b: Borrower): AccountEvent[] {
    const merchant = SHADY_MERCHANTS[Math.floor(this.random() * SHADY_MERCHANTS.length)];
    return [
      {
        ...this.base(b, `pos-${merchant}-${Math.floor(this.random() * 20)}`, `partner:${merchant}`),
        actor: { kind: 'partner', id: merchant },
        type: 'loan.opened',
        payload: {
          loanId: `loan-${randomUUID().slice(0, 12)}`,
          amountMinor: 100_000 * (10 + Math.floor(this.random() * 90)),
          currency: 'CNY',
          merchantId: merchant,
          termMonths: 12,
        },
      },
    ];
  }
}
