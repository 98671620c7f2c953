import { isolatedDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import { CaseChangesRepository } from './case-changes.repository';

const ZERO_ID = '00000000-0000-0000-0000-000000000000';

/** Its own database: the changes read are only the ones each test makes. */
describe('case changes by watermark, against Postgres', () => {
  const db = isolatedDataSource();
  const changes = () => new CaseChangesRepository(db());

  /** A case last changed at `updatedAt` (microseconds and all), with the id given so the order of equal times is known. */
  const changedAt = async (id: string, updatedAt: string, assigneeId: string | null = null) => {
    await db().query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, rule_set_version, assignee_id, updated_at)
       VALUES ($1, $2, $3, $4, 'alert', 70, 1, $5, $6::timestamptz)`,
      [id, `CH${id.slice(0, 6).toUpperCase()}`, `feed-${id.slice(0, 8)}`, assigneeId ? 'in_review' : 'open', assigneeId, updatedAt],
    );
    return id;
  };
  const idAfter = (prefix: string) => `${prefix}${randomUUID().slice(prefix.length)}`;

  it('given the database clock, when asked for now, then it is the current time in microseconds since the epoch', async () => {
    const before = BigInt(Date.now() - 5_000) * 1000n;
    const now = await changes().now();
    expect(now).toBeGreaterThan(before);
    expect(now).toBeLessThan(BigInt(Date.now() + 5_000) * 1000n);
  });

  it('given cases changed at different times, when read after a watermark, then the later ones come oldest first, equal times by id, page after page', async () => {
    const [{ id: analystId }]: { id: string }[] = await db().query(
      `INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, 'Ana', 'analyst', 'x') RETURNING id`,
      [`ana-${randomUUID().slice(0, 8)}`],
    );
    const first = await changedAt(randomUUID(), '2026-11-25T10:00:00.000001Z');
    const sameTimeLow = await changedAt(idAfter('1'), '2026-11-25T10:00:00.500000Z', analystId);
    const sameTimeHigh = await changedAt(idAfter('e'), '2026-11-25T10:00:00.500000Z');
    const last = await changedAt(randomUUID(), '2026-11-25T10:00:01.250007Z');
    const firstMark = '1795600800000001';

    const all = await changes().after({ mark: firstMark, id: ZERO_ID }, 10);
    expect(all.map((c) => c.id)).toEqual([first, sameTimeLow, sameTimeHigh, last]);
    expect(all.map((c) => c.mark)).toEqual([firstMark, '1795600800500000', '1795600800500000', '1795600801250007']);
    expect(all[1]).toMatchObject({ status: 'in_review', assigneeId: analystId, assigneeName: 'Ana', decision: 'alert', score: 70, slaEscalatedAt: null });
    expect(all[1].updatedAt).toEqual(new Date('2026-11-25T10:00:00.500Z'));

    // The first page ends between two changes at the same time: the next starts after its last id, not its time.
    const page = await changes().after({ mark: firstMark, id: first }, 1);
    expect(page.map((c) => c.id)).toEqual([sameTimeLow]);
    const rest = await changes().after({ mark: page[0].mark, id: page[0].id }, 10);
    expect(rest.map((c) => c.id)).toEqual([sameTimeHigh, last]);
    expect(await changes().after({ mark: '1795600801250007', id: last }, 10)).toEqual([]);
  });
});
