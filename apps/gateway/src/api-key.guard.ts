import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { ApiKey } from './gateway.config';

export const API_KEYS = Symbol('ApiKeys');

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Accepts `x-api-key: <key>` or `Authorization: Bearer <key>`; records which producer called. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: { name: string; digest: Buffer }[];

  constructor(@Inject(API_KEYS) keys: ApiKey[]) {
    this.keys = keys.map((k) => ({ name: k.name, digest: digest(k.key) }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { producer?: string }>();
    const header = request.headers['x-api-key'];
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const given = typeof header === 'string' ? header : bearer;
    if (!given) throw new UnauthorizedException('missing API key: send it in the x-api-key header');
    const candidate = digest(given);
    // Compare against every key, so the time taken does not reveal which one nearly matched.
    let match: string | undefined;
    for (const key of this.keys) if (timingSafeEqual(key.digest, candidate)) match = key.name;
    if (!match) throw new UnauthorizedException('invalid API key');
    request.producer = match;
    return true;
  }
}
