import { ANALYST_ROLES } from '@sentinel/persistence';
import { z } from 'zod';
import { freeText } from '../free-text';

/** A team's name, as an admin types it; analysts of one name share their team's saved filters. */
const team = freeText({ length: 1 }, { length: 40 });

const password = z.string().min(12, 'must be at least 12 characters').max(200, 'must be at most 200 characters');

export const newAnalystBody = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'must be 2-40 lower-case letters, digits, dots, dashes or underscores'),
  displayName: freeText({ length: 1 }, { length: 80 }),
  role: z.enum(ANALYST_ROLES),
  password,
  team: team.optional(),
});
export type NewAnalystBody = z.infer<typeof newAnalystBody>;

export const analystChangeBody = z
  .strictObject({
    displayName: freeText({ length: 1 }, { length: 80 }).optional(),
    role: z.enum(ANALYST_ROLES).optional(),
    disabled: z.boolean().optional(),
    password: password.optional(),
    /** null takes the analyst out of their team. */
    team: team.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one of displayName, role, disabled, password, team');
export type AnalystChangeBody = z.infer<typeof analystChangeBody>;
