import { z } from 'zod';
import { freeText } from '../free-text';
import { instant } from '../instant';

export const MAX_SNOOZE_DAYS = 365;

export const snoozeBody = z.strictObject({
  ruleId: z.string().min(1).max(100),
  until: instant('2026-12-31T00:00:00Z'),
  reason: freeText({ length: 3, message: 'say why the pattern is benign, in at least 3 characters' }, { length: 1000 }),
  caseId: z.uuid('must be a case id').optional(),
});
export type SnoozeBody = z.infer<typeof snoozeBody>;

export const accountId = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be an account id (letters, digits, . _ : -)');
