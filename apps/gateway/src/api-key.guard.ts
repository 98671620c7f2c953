import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { type NamedKey, NamedKeyVerifier, presentedKey } from '@sentinel/platform';
import type { Request } from 'express';

export const API_KEYS = Symbol('ApiKeys');

/** Accepts `x-api-key: <key>` or `Authorization: Bearer <key>`; records which producer called. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly verifier: NamedKeyVerifier;

  constructor(@Inject(API_KEYS) keys: NamedKey[]) {
    this.verifier = new NamedKeyVerifier(keys);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { producer?: string }>();
    const given = presentedKey(request.headers);
    if (!given) throw new UnauthorizedException('missing API key: send it in the x-api-key header');
    const producer = this.verifier.verify(given);
    if (!producer) throw new UnauthorizedException('invalid API key');
    request.producer = producer;
    return true;
  }
}
