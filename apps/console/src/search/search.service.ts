import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { audit, contactHash } from '@sentinel/persistence';
import type { DataSource } from 'typeorm';
import type { SessionAnalyst } from '../auth/auth.decorators';
import type { SearchTerm } from './search-term';

/** A page of results is enough to pick from; a wider term says it was cut. */
const SEARCH_LIMIT = 50;

interface FoundCase {
  id: string;
  referenceCode: string;
  accountId: string;
  status: string;
  decision: string;
  priority: string;
  score: number;
  openedAt: string;
  matchedBy: string;
}

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Finds cases and accounts by reference code, account id prefix, phone or email; each search is audited. */
@Injectable()
export class SearchService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(term: SearchTerm, me: SessionAnalyst) {
    return this.dataSource.transaction(async (db) => {
      // One union keyed by how each case matched; contacts by the hash of their normal form, current or past.
      const matches: { account_id: string; matched_by: string }[] = await db.query(
        `SELECT DISTINCT account_id, matched_by FROM (
           SELECT account_id, 'reference' AS matched_by FROM fraud_case WHERE $1::text IS NOT NULL AND reference_code = $1
           UNION ALL
           SELECT DISTINCT account_id, 'account' FROM fraud_case WHERE $2::text IS NOT NULL AND account_id LIKE $2
           UNION ALL
           SELECT account_id, kind FROM account_contact WHERE value_hash = ANY($3::text[])
         ) m ORDER BY account_id LIMIT $4`,
        [
          term.referenceCode ?? null,
          term.accountPrefix ? likePrefix(term.accountPrefix) : null,
          [term.phone && contactHash('phone', term.phone), term.email && contactHash('email', term.email)].filter(Boolean),
          SEARCH_LIMIT + 1,
        ],
      );
      const accountIds = [...new Set(matches.slice(0, SEARCH_LIMIT).map((m) => m.account_id))];
      const how = new Map<string, string>();
      for (const m of matches) how.set(m.account_id, how.has(m.account_id) ? `${how.get(m.account_id)},${m.matched_by}` : m.matched_by);
      const cases: Omit<FoundCase, 'matchedBy'>[] = accountIds.length
        ? await db.query(
            `SELECT id, reference_code AS "referenceCode", account_id AS "accountId", status, decision, priority, score, opened_at AS "openedAt"
               FROM fraud_case WHERE account_id = ANY($1::text[])
              ORDER BY (status <> 'resolved') DESC, opened_at DESC LIMIT $2`,
            [accountIds, SEARCH_LIMIT],
          )
        : [];
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
