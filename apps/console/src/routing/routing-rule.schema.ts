import { SCORE_BANDS } from '@sentinel/rules';
import { z } from 'zod';

export const ROUTING_KINDS = ['rule', 'merchant', 'language', 'band'] as const;

/** A score band as the queue and the calibration name it: `80-100`. */
export const BAND_VALUES = SCORE_BANDS.map(([from, to]) => `${from}-${to}`);
const LANGUAGE_VALUES = ['zh-CN', 'en'];

export const routingRuleBody = z
  .strictObject({
    kind: z.enum(ROUTING_KINDS, { error: 'kind must be rule, merchant, language or band' }),
    value: z.string().trim().min(1, 'value: say which rule, merchant, language or band').max(100),
    analystId: z.uuid('analystId: must be an analyst id'),
  })
  .superRefine((body, context) => {
    if (body.kind === 'band' && !BAND_VALUES.includes(body.value)) context.addIssue({ code: 'custom', path: ['value'], message: `a band is one of ${BAND_VALUES.join(', ')}` });
    if (body.kind === 'language' && !LANGUAGE_VALUES.includes(body.value)) context.addIssue({ code: 'custom', path: ['value'], message: 'a language is zh-CN or en' });
  });
export type RoutingRuleBody = z.infer<typeof routingRuleBody>;

/**
 * The analyst a case is routed to, as SQL over the case `c`: the first matching rule whose analyst
 * is still active, a rule id before a merchant before a language before a band, the oldest first.
 */
export const ROUTED_TO = `(
  SELECT r.analyst_id FROM routing_rule r JOIN analyst a ON a.id = r.analyst_id AND NOT a.disabled
   WHERE (r.kind = 'rule' AND EXISTS (SELECT 1 FROM rule_hit h WHERE h.case_id = c.id AND h.rule_id = r.value))
      OR (r.kind = 'merchant' AND EXISTS (SELECT 1 FROM merchant_flag f WHERE f.case_id = c.id AND f.merchant_id = r.value))
      OR (r.kind = 'language' AND r.value = (SELECT p.locale FROM account_preference p WHERE p.account_id = c.account_id))
      OR (r.kind = 'band' AND c.score BETWEEN split_part(r.value, '-', 1)::int AND split_part(r.value, '-', 2)::int)
   ORDER BY array_position(ARRAY['rule', 'merchant', 'language', 'band'], r.kind), r.created_at
   LIMIT 1)`;
