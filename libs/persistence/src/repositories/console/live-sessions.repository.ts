import type { DataSource } from 'typeorm';

/** Which analyst sessions are still live, for the console's open streams. */
export abstract class LiveSessions {
  /** Of these token hashes, those whose session has not expired and whose analyst is not disabled. */
  abstract live(tokenHashes: string[]): Promise<string[]>;
}

export class LiveSessionsRepository implements LiveSessions {
  constructor(private readonly dataSource: DataSource) {}

  async live(tokenHashes: string[]): Promise<string[]> {
    const live: { token_hash: string }[] = await this.dataSource.query(
      `SELECT s.token_hash FROM analyst_session s JOIN analyst a ON a.id = s.analyst_id
        WHERE s.token_hash = ANY($1::text[]) AND s.expires_at > now() AND NOT a.disabled`,
      [tokenHashes],
    );
    return live.map((row) => row.token_hash);
  }
}
