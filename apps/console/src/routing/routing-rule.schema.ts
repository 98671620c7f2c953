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
