import { z } from 'zod';
import { named } from '../api-responses';
import { caseSummary } from '../cases/case.responses';

const matchedBy = z.string().describe('how it matched: reference, account, phone or email, comma-separated');

const foundCase = caseSummary.extend({
  matchedBy,
});

export const searchResults = named(
  'SearchResults',
  z.object({
    kinds: z.array(z.enum(['reference', 'phone', 'email', 'account'])).describe('what the term could be'),
    term: z.string().describe('the term as shown back, masked'),
    exact: z.uuid().nullable().describe('the one case the term names, to open at once'),
    truncated: z.boolean(),
    cases: z.array(foundCase),
    accounts: z.array(
      z.object({
        accountId: z.string(),
        matchedBy,
        cases: z.number().int(),
        openCase: foundCase.nullable(),
      }),
    ),
  }),
);
