import { isolatedDataSource } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';
import { AnalystNotificationsRepository } from './analyst-notifications.repository';

/** The notifications panel's rows, on a database of its own: who is told depends on every account in it. */
describe('AnalystNotifications, against Postgres', () => {
  const db = isolatedDataSource();
  const notifications = () => new AnalystNotificationsRepository(db());
  const people: Record<'sam' | 'ada' | 'gone' | 'ana', string> = { sam: '', ada: '', gone: '', ana: '' };

  const aCase = async () => {
    const id = randomUUID();
    await db().query(
      `INSERT INTO fraud_case (id, reference_code, account_id, status, decision, score, priority, rule_set_version, opened_at, unreachable, historical)
       VALUES ($1, $2, $3, 'open', 'alert', 50, 'normal', 1, now(), false, false)`,
      [id, `N-${id.slice(0, 8)}`, `note-${id.slice(0, 8)}`],
    );
    return { id, referenceCode: `N-${id.slice(0, 8)}` };
  };
  const tellAbout = (caseId: string) => db().transaction((tx) => notifications().slaBreached(tx, caseId));
  const toldAbout = async (caseId: string) =>
    (await db().query<{ analyst_id: string }[]>(`SELECT analyst_id FROM analyst_notification WHERE case_id = $1 ORDER BY analyst_id`, [caseId])).map((r) => r.analyst_id);

  beforeAll(async () => {
    for (const [name, role, disabled] of [
      ['sam', 'supervisor', false],
      ['ada', 'admin', false],
      ['gone', 'supervisor', true],
      ['ana', 'analyst', false],
    ] as const) {
      const [{ id }] = await db().query<{ id: string }[]>(`INSERT INTO analyst (username, display_name, role, password_hash, disabled) VALUES ($1, $1, $2, 'x', $3) RETURNING id`, [
        name,
        role,
        disabled,
      ]);
      people[name] = id;
    }
  });

  it('given supervisors, an admin, a disabled supervisor and an analyst, when a breach is told twice, then each enabled supervisor and admin is told once', async () => {
    const breached = await aCase();

    await tellAbout(breached.id);
    await tellAbout(breached.id);

    expect(await toldAbout(breached.id)).toEqual([people.sam, people.ada].sort());
  });

  it('given notifications, when one is marked read up to the older, then the newest stays unread, and the page shows both, newest first', async () => {
    const older = await aCase();
    const newer = await aCase();
    await tellAbout(older.id);
    await tellAbout(newer.id);
    const unreadBefore = await notifications().unread(people.sam);

    const page = await notifications().newest(people.sam, 2);
    expect(page.map((n) => [n.case_id, n.reference_code, n.kind, n.read_at])).toEqual([
      [newer.id, newer.referenceCode, 'sla_breach', null],
      [older.id, older.referenceCode, 'sla_breach', null],
    ]);
    expect(page[0].id).toEqual(expect.any(String));

    await notifications().markRead(people.sam, page[1].id);

    expect(await notifications().unread(people.sam)).toBe(1);
    expect(unreadBefore).toBe(3);
    const after = await notifications().newest(people.sam, 100);
    expect(after.map((n) => [n.case_id, n.read_at === null])).toEqual([
      [newer.id, true],
      [older.id, false],
      [expect.any(String), false],
    ]);
    expect(await notifications().unread(people.ada)).toBe(3);
    expect(await notifications().newest(people.ana, 100)).toEqual([]);
  });
});
