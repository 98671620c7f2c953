import type { MessageEvent } from '@nestjs/common';
import { AnalystNotificationsRepository, CaseChangesRepository } from '@sentinel/persistence';
import { isolatedDataSource, pollUntil } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import type { Subscription } from 'rxjs';
import { CaseFeedService } from './case-feed.service';

describe('the case feed against Postgres', () => {
  const db = isolatedDataSource();
  let feed: CaseFeedService;
  const subscriptions: Subscription[] = [];

  const openCase = async () => {
    const id = randomUUID();
    await db().query(`INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version) VALUES ($1, $2, $3, 'alert', 70, 1)`, [
      id,
      id.slice(0, 8).toUpperCase(),
      `feed-${id.slice(0, 8)}`,
    ]);
    return id;
  };
  const listen = (lastEventId?: string, analystId: string = randomUUID()) => {
    const events: MessageEvent[] = [];
    subscriptions.push(feed.stream(lastEventId, analystId).subscribe((e) => events.push(e)));
    return events;
  };
  const find = (events: MessageEvent[], id: string, status: string) =>
    events.find((e) => e.type === 'case' && (e.data as { id: string }).id === id && (e.data as { status: string }).status === status);

  beforeEach(() => (feed = new CaseFeedService(new CaseChangesRepository(db()), new AnalystNotificationsRepository(db()))));
  afterEach(() => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    feed.beforeApplicationShutdown();
  });

  it('sends a change that commits after a newer one, and replays both to a stream resuming from an earlier id', async () => {
    const events = listen();
    const first = await openCase();
    const opened = await pollUntil(() => find(events, first, 'open'), { what: 'the new case' });

    // A slow writer: its updated_at is its transaction's start, older than the change committed beside it.
    const slow = db().createQueryRunner();
    await slow.startTransaction();
    await slow.query(`UPDATE fraud_case SET status = 'in_review', updated_at = now() WHERE id = $1`, [first]);
    const second = await openCase();
    await pollUntil(() => find(events, second, 'open'), { what: 'the newer change' });
    await slow.commitTransaction();
    await slow.release();
    const late = await pollUntil(() => find(events, first, 'in_review'), { what: 'the change that committed late' });
    expect(BigInt(late.id!)).toBeLessThan(BigInt(find(events, second, 'open')!.id!));
    // Each change once: re-reading the window behind the watermark sends nothing twice.
    expect(events.filter((e) => e.type === 'case' && (e.data as { id: string }).id === second)).toHaveLength(1);

    // A browser that saw only the case being opened comes back with that id.
    const resumed = listen(opened.id);
    await pollUntil(() => find(resumed, first, 'in_review') && find(resumed, second, 'open'), { what: 'the replay' });
  });

  it("sends each notification once, without an id, to its analyst's streams only, even one that commits late", async () => {
    const analyst = async (name: string) =>
      (
        await db().query<{ id: string }[]>(`INSERT INTO analyst (username, display_name, role, password_hash) VALUES ($1, $2, 'analyst', 'x') RETURNING id`, [
          `${name.toLowerCase()}-${randomUUID().slice(0, 8)}`,
          name,
        ])
      )[0].id;
    const [ana, bo] = [await analyst('Ana'), await analyst('Bo')];
    const anas = listen(undefined, ana);
    const bos = listen(undefined, bo);
    const caseId = await openCase();
    await pollUntil(() => find(anas, caseId, 'open'), { what: 'the feed running' });
    const tell = (runner: { query: (sql: string, params: unknown[]) => Promise<unknown> }, detail: string) =>
      runner.query(`INSERT INTO analyst_notification (analyst_id, kind, case_id, by_name, detail) VALUES ($1, 'mention', $2, 'Bo', $3)`, [ana, caseId, detail]);
    const notes = () => anas.filter((e) => e.type === 'notification').map((e) => (e.data as { detail: string }).detail);

    const slow = db().createQueryRunner();
    await slow.startTransaction();
    await tell(slow, 'late');
    await tell(db(), 'first');
    await pollUntil(() => notes().includes('first'), { what: 'the notification' });
    await slow.commitTransaction();
    await slow.release();
    await pollUntil(() => notes().includes('late'), { what: 'the notification that committed late' });
    await tell(db(), 'third');
    await pollUntil(() => notes().includes('third'), { what: 'a third' });
    expect(notes()).toEqual(['first', 'late', 'third']);
    expect(anas.filter((e) => e.type === 'notification').every((e) => e.id === undefined)).toBe(true);
    expect(bos.filter((e) => e.type === 'notification')).toEqual([]);
  });

  it('ends its streams when the console begins to shut down, so the HTTP server is not held open by them', () => {
    let ended = false;
    subscriptions.push(feed.stream(undefined, randomUUID()).subscribe({ complete: () => (ended = true) }));
    feed.beforeApplicationShutdown();
    expect(ended).toBe(true);
  });

  it('ignores a Last-Event-ID that is not a watermark rather than failing the stream', async () => {
    const events = listen('not-a-number');
    const id = await openCase();
    await pollUntil(() => find(events, id, 'open'), { what: 'the new case' });
  });
});
