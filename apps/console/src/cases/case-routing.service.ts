import { Injectable } from '@nestjs/common';
import { CaseQueue } from '@sentinel/persistence';
import { ROLE_RANK, type SessionAnalyst } from '../auth/auth.decorators';
import { CaseActionsService } from './case-actions.service';

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
    private readonly queue: CaseQueue,
    private readonly actions: CaseActionsService,
  ) {}

  async next(me: SessionAnalyst) {
    const lost: string[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      // An escalated case waits for a supervisor; an analyst is not routed to it. A case an
      // assignment rule keeps for a colleague is theirs to take; one kept for the caller comes first.
      const candidate = await this.queue.nextFor(me.id, ROLE_RANK[me.role] >= ROLE_RANK.supervisor, lost);
      if (!candidate) return { case: null };
      const taken = await this.tryClaim(candidate, me);
      if (taken) return taken;
      lost.push(candidate);
    }
    return { case: null };
  }

  /** The claim, or null when the case was taken, resolved, escalated or gone between the read and the claim. */
  private async tryClaim(id: string, me: SessionAnalyst) {
    const claimed = await this.actions.claim(id, me);
    return claimed.ok ? claimed.value : null;
  }
}
