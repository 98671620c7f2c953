import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AnalystRole } from '@sentinel/persistence';
import { PUBLIC_ROUTE, refuse } from '@sentinel/service-kit';
import { MIN_ROLE, ROLE_RANK, type SessionRequest } from './auth.decorators';
import { CSRF_HEADER, csrfMatches, SESSION_COOKIE } from './session.cookie';
import { SessionsService } from './sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route needs a session unless marked public: no session is 401, a role too low is 403,
 * and a state-changing request without the session's CSRF token is 403.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<SessionRequest>();
    const token: unknown = request.cookies?.[SESSION_COOKIE];
    const analyst = typeof token === 'string' && token.length <= 100 ? await this.sessions.resolve(token) : null;
    if (!analyst || typeof token !== 'string') {
      return refuse('NOT_AUTHENTICATED', 'log in first: this request has no live session');
    }
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(token, request.headers[CSRF_HEADER])) {
      return refuse('CSRF_TOKEN_INVALID', `state-changing requests need the ${CSRF_HEADER} header with the token from GET /api/session`);
    }
    const needed = this.reflector.getAllAndOverride<AnalystRole | undefined>(MIN_ROLE, targets);
    if (needed && ROLE_RANK[analyst.role] < ROLE_RANK[needed]) {
      return refuse('ROLE_REQUIRED', `this needs the ${needed} role; you are ${analyst.role}`);
    }
    request.analyst = analyst;
    request.sessionToken = token;
    return true;
  }
}
