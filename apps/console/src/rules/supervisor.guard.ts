import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { NamedKeyVerifier, presentedKey } from '@sentinel/platform';
import type { Request } from 'express';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';

export type SupervisorRequest = Request & { actor?: string };

/** Rule changes need a supervisor token (`Authorization: Bearer <token>`); its name is the audited actor. */
@Injectable()
export class SupervisorGuard implements CanActivate {
  private readonly verifier: NamedKeyVerifier;

  constructor(@Inject(CONSOLE_CONFIG) config: ConsoleConfig) {
    this.verifier = new NamedKeyVerifier(config.supervisorTokens);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<SupervisorRequest>();
    if (!this.verifier.configured) {
      throw new ForbiddenException('rule sets are read-only here: set SUPERVISOR_API_TOKENS on the console to allow changes');
    }
    const given = presentedKey(request.headers);
    if (!given) throw new UnauthorizedException('missing supervisor token: send Authorization: Bearer <token>');
    const actor = this.verifier.verify(given);
    if (!actor) throw new UnauthorizedException('invalid supervisor token');
    request.actor = `supervisor-token:${actor}`;
    return true;
  }
}
