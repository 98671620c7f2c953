import { FILTER_VISIBILITIES } from '@sentinel/persistence';
import { z } from 'zod';
import { caseFiltersQuery } from '../cases/case-list.query';
import { freeText } from '../free-text';

/** The queue page's date fields hold days; the API takes instants. Either is a valid saved bound. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const asInstants = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, (k === 'from' || k === 'to') && DAY.test(v) ? `${v}T00:00:00Z` : v]));

/**
 * A saved filter is the queue page's own query string (`status=open&sla=over`), checked against
 * the same schema as the queue, so a saved one always loads.
 */
const filterQuery = z
  .string()
  .max(1000, 'a filter is at most 1000 characters')
  .superRefine((value, ctx) => {
    const parsed = caseFiltersQuery.safeParse(asInstants(Object.fromEntries(new URLSearchParams(value))));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message });
    }
  });
const name = freeText({ length: 1, message: 'give the filter a name' }, { length: 80, message: 'a name is at most 80 characters' });

/** `team` shares it with the owner's team, who see and apply it; `private` (the default) keeps it the owner's alone. */
const visibility = z.enum(FILTER_VISIBILITIES);

export const savedFilterBody = z.strictObject({ name, query: filterQuery, visibility: visibility.optional() });
export type SavedFilterBody = z.infer<typeof savedFilterBody>;
export const savedFilterPatch = z.strictObject({ name: name.optional(), query: filterQuery.optional(), visibility: visibility.optional() });
export type SavedFilterPatch = z.infer<typeof savedFilterPatch>;

/** At most this many per analyst: a short list that fits above the queue. */
export const SAVED_FILTERS_MAX = 50;
