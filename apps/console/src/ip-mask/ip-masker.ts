import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { ConsoleSecrets } from '@sentinel/persistence';

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;
const IPV6 = /(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])/g;
/** A masked IP as this class writes it, e.g. `203.0.113.*~3f9a` or `2001:db8:1:*~3f9a`. */
const MASKED = /^(?<prefix>(?:\d{1,3}\.){3}|(?:[0-9a-f]{0,4}:){3})\*~(?<hash>[0-9a-f]{4})$/i;

/**
 * IPs as analysts see them: without the host part, as the pivot list always showed them, plus a
 * short hash keyed with the deployment's own key (console_secret), so two IPs of one /24 stay
 * apart, and the same IP reads the same on every page and console instance.
 */
@Injectable()
export class IpMasker implements OnApplicationBootstrap {
  private key?: string;

  constructor(private readonly secrets: ConsoleSecrets) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = await this.secrets.ipMaskKey();
    if (!key) throw new Error('console_secret has no ip_mask_key: run the migrations');
    this.key = key;
  }

  mask(ip: string): string {
    const prefix = ip.includes(':') ? `${ip.toLowerCase().split(':').slice(0, 3).join(':')}:` : `${ip.split('.').slice(0, 3).join('.')}.`;
    return `${prefix}*~${this.hash(ip)}`;
  }

  /** Every IP literal inside a string masked; everything else as it was. */
  maskText(text: string): string {
    return text.replace(IPV4, (found) => (isIPv4(found) ? this.mask(found) : found)).replace(IPV6, (found) => (isIPv6(found) ? this.mask(found) : found));
  }

  /** A response with every IP in its strings masked, at any depth; only plain objects and arrays are walked. */
  maskDeep<T>(value: T): T {
    if (typeof value === 'string') return this.maskText(value) as T;
    if (Array.isArray(value)) return value.map((item: unknown) => this.maskDeep(item)) as T;
    if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.maskDeep(v)])) as T;
    }
    return value;
  }

  /** The prefix a masked IP keeps (`203.0.113.`), to narrow the candidates it may stand for; undefined if `masked` is not one. */
  prefixOf(masked: string): string | undefined {
    return MASKED.exec(masked)?.groups?.prefix;
  }

  /** Which of `candidates` a masked IP stands for (the pivot from a masked IP to its accounts). */
  unmask(masked: string, candidates: string[]): string | undefined {
    return candidates.find((ip) => this.mask(ip) === masked.toLowerCase());
  }

  private hash(ip: string): string {
    if (!this.key) throw new Error('IpMasker used before the application bootstrapped');
    return createHmac('sha256', this.key).update(ip.toLowerCase()).digest('hex').slice(0, 4);
  }
}
