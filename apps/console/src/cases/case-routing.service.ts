import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ROLE_RANK, type SessionAnalyst } from '../auth/auth.decorators';
import { CaseActionsService } from './case-actions.service';
import { ROUTED_TO } from '../routing/routing-rule.schema';
import { CASE_RANK } from './case-list.query';

/** Colleagues racing for the same top case: after this many lost claims in a row, the answer is "nothing waiting". */
const ATTEMPTS = 5;

/**
 * "Next case": the highest-priority case nobody holds that the analyst may work, in the queue's own
 * priority order (cases an assignment rule keeps for them first), claimed for them through the same claim as the Claim button (locks, checks and
 * audit included).
 */
@Injectable()
export class CaseRoutingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly actions: CaseActionsService,
  ) {}

  async next(me: SessionAnalyst) {
    const lost: string[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      // An escalated case waits for a supervisor; an analyst is not routed to it. A case an
      // assignment rule keeps for a colleague is theirs to take; one kept for the caller comes first.
      const [candidate]: { id: string }[] = await this.dataSource.query(
        `SELECT c.id FROM fraud_case c CROSS JOIN LATERAL (SELECT ${ROUTED_TO} AS analyst_id) routed
          WHERE c.status <> 'resolved' AND c.assignee_id IS NULL AND ($1 OR c.escalated_at IS NULL) AND NOT (c.id = ANY($2::uuid[]))
            AND (routed.analyst_id IS NULL OR routed.analyst_id = $3)
          ORDER BY (routed.analyst_id IS NULL), ${CASE_RANK}, c.opened_at, c.id
          LIMIT 1`,
        [ROLE_RANK[me.role] >= ROLE_RANK.supervisor, lost, me.id],
      );
      if (!candidate) return { case: null };
      const taken = await this.tryClaim(candidate.id, me);
      if (taken) return taken;
      lost.push(candidate.id);
    }
    return { case: null };
  }

  /** The claim, or null when the case was taken, resolved, escalated or gone between the read and the claim. */
  private async tryClaim(id: string, me: SessionAnalyst) {
    try {
      return await this.actions.claim(id, me);
    } catch (error) {
      if (error instanceof ConflictException || error instanceof ForbiddenException || error instanceof NotFoundException) return null;
      throw error;
    }
  }
}
