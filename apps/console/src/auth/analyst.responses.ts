import { z } from 'zod';
import { named, timestamp } from '../api-responses';

const roleSchema = z.enum(['analyst', 'supervisor', 'admin']);

/** Who is logged in, as login and GET /api/session return it. */
const sessionAnalyst = named('SessionAnalyst', z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), role: roleSchema }));

export const session = named('Session', z.object({ analyst: sessionAnalyst, csrfToken: z.string().describe('send it as x-csrf-token on every change') }));

export const analyst = named(
  'Analyst',
  sessionAnalyst.extend({
    team: z.string().nullable().describe('the team whose saved filters the analyst shares; null when in none'),
    disabled: z.boolean(),
    createdAt: timestamp,
  }),
);

export const analystList = named('AnalystList', z.object({ items: z.array(analyst) }));
