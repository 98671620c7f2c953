import { isolatedDataSource, revertThrough } from '@sentinel/testing';
import { randomUUID } from 'node:crypto';

describe('CollaborationNotifications migration against Postgres', () => {
  const db = isolatedDataSource();

  it('lets one case mention an analyst twice but breach once, with who and what was said; and reverts', async () => {
    await revertThrough(db(), 'CollaborationNotifications1765760000000');
    await db().runMigrations();
    const [{ id: analyst }] = await db().query<{ id: string }[]>(
      `INSERT INTO analyst (username, display_name, password_hash, role) VALUES ($1, 'Ana', 'x', 'analyst') RETURNING id`,
      [`ana-${randomUUID().slice(0, 8)}`],
    );
    const caseId = randomUUID();
    await db().query(`INSERT INTO fraud_case (id, reference_code, account_id, decision, score, rule_set_version) VALUES ($1, $2, 'acct', 'alert', 70, 1)`, [
      caseId,
      caseId.slice(0, 8),
    ]);
    const tell = (kind: string) =>
      db().query(`INSERT INTO analyst_notification (analyst_id, kind, case_id, by_name, detail) VALUES ($1, $2, $3, 'Bo', 'look') ON CONFLICT DO NOTHING RETURNING id`, [
        analyst,
        kind,
        caseId,
      ]);
    expect(await tell('mention')).toHaveLength(1);
    expect(await tell('mention')).toHaveLength(1);
    expect(await tell('sla_breach')).toHaveLength(1);
    expect(await tell('sla_breach')).toHaveLength(0);
    await expect(tell('birthday')).rejects.toThrow(/check constraint/);

    // Reverted, only the breach is kept: the older schema knows no other kind.
    await revertThrough(db(), 'CollaborationNotifications1765760000000');
    const kept = await db().query<{ kind: string }[]>(`SELECT kind FROM analyst_notification WHERE analyst_id = $1`, [analyst]);
    expect(kept.map((k) => k.kind)).toEqual(['sla_breach']);
    await db().runMigrations();
  });
});
