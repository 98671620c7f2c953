import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AnalystRole } from '@sentinel/persistence';
import type { Request } from 'express';

export const MIN_ROLE = 'sentinel:min-role';

/** Roles nest: a supervisor may do what an analyst may, an admin what a supervisor may. */
export const ROLE_RANK: Record<AnalystRole, number> = { analyst: 0, supervisor: 1, admin: 2 };

export const MinRole = (role: AnalystRole) => SetMetadata(MIN_ROLE, role);

export interface SessionAnalyst {
  id: string;
  username: string;
  displayName: string;
  role: AnalystRole;
  /** Who the audit trail names. */
  actor: string;
}

export type SessionRequest = Request & { analyst?: SessionAnalyst; sessionToken?: string };

export const CurrentAnalyst = createParamDecorator((_: unknown, context: ExecutionContext): SessionAnalyst => {
  const analyst = context.switchToHttp().getRequest<SessionRequest>().analyst;
  // The session guard runs first on every non-public route; reaching here without one is a wiring bug.
  if (!analyst) throw new Error('CurrentAnalyst used on a route without a session');
  return analyst;
});
