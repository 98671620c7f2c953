import { Injectable } from '@nestjs/common';
import { audit, CaseSearch, Transactions } from '@sentinel/persistence';
import type { SessionAnalyst } from '../auth/auth.decorators';
import type { SearchTerm } from './search-term';

/** A page of results is enough to pick from; a wider term says it was cut. */
const SEARCH_LIMIT = 50;

/** Finds cases and accounts by reference code, account id prefix, phone or email; each search is audited. */
@Injectable()
export class SearchService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseSearch,
  ) {}

  async search(term: SearchTerm, me: SessionAnalyst) {
    return this.transactions.run(async (db) => {
      const matches = await this.cases.matches(db, term, SEARCH_LIMIT + 1);
      const accountIds = [...new Set(matches.slice(0, SEARCH_LIMIT).map((m) => m.account_id))];
      const how = new Map<string, string>();
      for (const m of matches) how.set(m.account_id, how.has(m.account_id) ? `${how.get(m.account_id)},${m.matched_by}` : m.matched_by);
      const cases = await this.cases.casesOf(db, accountIds, SEARCH_LIMIT);
      const byReference = term.referenceCode ? cases.find((c) => c.referenceCode === term.referenceCode) : undefined;
      const found = cases.map((c) => ({ ...c, matchedBy: c.referenceCode === term.referenceCode ? 'reference' : how.get(c.accountId)! }));
      const accounts = accountIds.map((accountId) => {
        const own = found.filter((c) => c.accountId === accountId);
        return { accountId, matchedBy: how.get(accountId)!, cases: own.length, openCase: own.find((c) => c.status !== 'resolved') ?? null };
      });
      // Straight to the case: the one quoted by reference, or the only case of the only account found.
      const exact = byReference?.id ?? (accounts.length === 1 && found.length === 1 ? found[0].id : null);
      await audit(db, {
        actor: me.actor,
        action: 'search.performed',
        entityType: 'analyst',
        entityId: me.id,
        after: { kinds: term.kinds, term: term.shown, accounts: accounts.length, cases: found.length },
      });
      return { kinds: term.kinds, term: term.shown, exact, cases: found, accounts, truncated: matches.length > SEARCH_LIMIT };
    });
  }
}
