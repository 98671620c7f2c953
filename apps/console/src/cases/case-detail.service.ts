import { Injectable } from '@nestjs/common';
import { fail, maskContact, maskEvent, ok } from '@sentinel/contracts';
import { ApprovalRequests, AuditTrail, CaseFile, Transactions } from '@sentinel/persistence';

/** Enough for years of one account's activity; past it the page says the oldest events were left out. */
const TIMELINE_LIMIT = 1000;

export const caseNotFound = (id: string) => fail('CASE_NOT_FOUND', `no case with id ${id}`);

/** Everything an analyst needs to decide a case, in one read, PII masked. */
@Injectable()
export class CaseDetailService {
  constructor(
    private readonly caseFile: CaseFile,
    private readonly transactions: Transactions,
    private readonly approvals: ApprovalRequests,
    private readonly trail: AuditTrail,
  ) {}

  async detail(id: string) {
    const read = await this.caseFile.read(id, TIMELINE_LIMIT + 1);
    if (!read) return caseNotFound(id);
    const { found, assignee, hits, ruleSets, deliveries, attempts, answers, notes, trail, events, contacts, snoozes } = read;
    const [amountMinor, pendingResolution] = await Promise.all([
      this.approvals.caseAmountMinor(this.transactions.autocommit, id),
      this.approvals.pending(this.transactions.autocommit, 'case_resolution', id),
    ]);
    const flaggedEvents = new Set(hits.map((h) => h.eventId));
    return ok({
      amountMinor,
      pendingResolution,
      case: { ...found, assignee: assignee[0] ? { id: assignee[0].id, username: assignee[0].username, displayName: assignee[0].display_name } : null },
      hits,
      ruleSets,
      alerts: deliveries.map((d) => ({ ...d, attempts: attempts.filter((a) => a.deliveryId === d.id) })),
      answers,
      notes,
      audit: trail,
      auditNames: await this.trail.names(trail),
      contacts: contacts.map((c) => ({ kind: c.kind, masked: maskContact(c.kind, c.value), since: c.valid_from })),
      snoozes,
      // The newest events matter most; the cut, if any, drops the oldest.
      timeline: events
        .slice(0, TIMELINE_LIMIT)
        .reverse()
        .map((e) => ({ ...maskEvent(e.body), flagged: flaggedEvents.has(e.body.id) })),
      timelineTruncated: events.length > TIMELINE_LIMIT,
    });
  }
}
