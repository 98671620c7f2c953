import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NamedKeyVerifier, presentedKey, refuse } from '@sentinel/service-kit';
import type { FastifyRequest } from 'fastify';
import type { IngestKey, IngestScope } from './ingest-keys';

export const API_KEYS = Symbol('ApiKeys');

const SCOPE = 'ingest:scope';
/** The scope a route's key must carry. */
export const RequireScope = (scope: IngestScope) => SetMetadata(SCOPE, scope);

/**
 * Accepts `x-api-key: <key>` or `Authorization: Bearer <key>` (401 otherwise), then the scope the
 * route needs (403 without it); records which producer called.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly verifier: NamedKeyVerifier;

  constructor(
    @Inject(API_KEYS) private readonly keys: IngestKey[],
    private readonly reflector: Reflector,
  ) {
    // Verified by position: two entries may share a producer's name with different scopes.
    this.verifier = new NamedKeyVerifier(keys.map((k, i) => ({ name: String(i), key: k.key })));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { producer?: string }>();
    const given = presentedKey(request.headers);
    if (!given) refuse('INVALID_API_KEY', 'missing API key: send it in the x-api-key header');
    const index = this.verifier.verify(given);
    if (index === undefined) refuse('INVALID_API_KEY', 'invalid API key');
    const key = this.keys[Number(index)];
    const needed = this.reflector.getAllAndOverride<IngestScope | undefined>(SCOPE, [context.getHandler(), context.getClass()]);
    if (!needed) refuse('MISSING_SCOPE', 'this route declares no scope, so no key may call it');
    if (!key.scopes.includes(needed)) {
      refuse('MISSING_SCOPE', `the API key of ${key.name} lacks the ${needed} scope this route needs`);
    }
    request.producer = key.name;
    return true;
  }
}
