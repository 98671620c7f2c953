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
  card: { ref: string; first6: string; last4: string; issuer: string };
  onboarded: boolean;
}

const ISSUERS = ['ICBC', 'China Construction Bank', 'Bank of China', 'China Merchants Bank'];

export class DemoStream {
  private readonly random: () => number;
  private readonly now: () => Date;
  private readonly borrowers = new Map<number, Borrower>();
  private emitted = 0;

  constructor(private readonly options: DemoOptions) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  /** The next scenario's events, in the order they happen. The second scenario is a takeover. */
  next(): AccountEvent[] {
    const n = Math.floor(this.random() * this.options.accounts);
    const borrower = this.borrower(n);
    const events: AccountEvent[] = [];
    if (!borrower.onboarded) {
      events.push(...this.onboard(borrower, n));
      borrower.onboarded = true;
    }
    this.emitted += 1;
    const takeover = this.emitted === 2 || this.random() < this.options.suspiciousRate;
    events.push(...(takeover ? this.takeover(borrower) : this.everyday(borrower)));
    if (takeover) borrower.onboarded = false; // the card is gone; the borrower re-binds later
    return events;
  }

  private borrower(n: number): Borrower {
    let borrower = this.borrowers.get(n);
    if (!borrower) {
      const digits = String(1_000_000 + n).slice(-4);
      borrower = {
        id: `${this.options.accountPrefix ?? 'demo'}-${n}`,
        device: `phone-${n}-${randomUUID().slice(0, 8)}`,
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
      device: { id: device, ip: `198.51.100.${Math.floor(this.random() * 250) + 1}` },
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
    if (this.random() < 0.5) return [{ ...this.base(b, b.device), type: 'device.login', payload: { method: 'biometric' } }];
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
}
