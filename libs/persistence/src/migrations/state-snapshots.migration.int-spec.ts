import { emptyAccountState, evolve } from '@sentinel/rules';
import { anEvent, isolatedDataSource, revertThrough } from '@sentinel/testing';
import { EventLogRepository } from '../repositories/event-log.repository';

describe('StateSnapshots migration against Postgres', () => {
  const db = isolatedDataSource();

  it('reverts to whole jsonb states, folding the events each snapshot lags behind, and applies again', async () => {
    const repository = new EventLogRepository();
    const accountId = 'acc-snap';
    const events = [
      anEvent('device.login', { accountId, device: { id: 'phone-1' }, occurredAt: '2026-10-01T08:00:00Z' }),
      anEvent('card.bound', { accountId, occurredAt: '2026-10-01T08:01:00Z' }),
      anEvent('device.login', { accountId, device: { id: 'tablet-2' }, occurredAt: '2026-10-02T08:00:00Z' }),
    ];
    const whole = events.reduce(evolve, emptyAccountState(accountId));
    await db().transaction(async (m) => {
      await repository.recordEvents(m, events, [1, 2, 3]);
      // A snapshot after the first event; the head two events on.
      await repository.saveSnapshots(m, [{ accountId, snapshotSeq: 1, snapshot: evolve(emptyAccountState(accountId), events[0]) }]);
    });

    await revertThrough(db(), 'StateSnapshots1764500000000');
    const [reverted] = await db().query<{ state: unknown; type: string }[]>(`SELECT state, pg_typeof(state)::text AS type FROM account_state WHERE account_id = $1`, [accountId]);
    expect(reverted.type).toBe('jsonb');
    expect(reverted.state).toEqual(JSON.parse(JSON.stringify(whole)));

    await db().runMigrations();
    const [again] = await db().query<{ state: string; snapshot_seq: number }[]>(`SELECT state, snapshot_seq::int FROM account_state WHERE account_id = $1`, [accountId]);
    expect({ state: JSON.parse(again.state) as unknown, snapshot: again.snapshot_seq }).toEqual({ state: JSON.parse(JSON.stringify(whole)) as unknown, snapshot: 0 });
    // Its events recorded before numbering: the whole state is the snapshot, and nothing comes after it.
    const [stored] = (await repository.fetchStates(db().manager, [{ accountId }])).values();
    expect({ head: stored.headSeq, snapshot: stored.snapshotSeq, events: stored.snapshot?.eventCount }).toEqual({ head: 0, snapshot: 0, events: 3 });
  });
});
