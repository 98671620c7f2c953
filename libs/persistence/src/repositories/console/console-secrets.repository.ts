import type { DataSource } from 'typeorm';

/** The console's own secrets, made by the migrations (console_secret). */
export abstract class ConsoleSecrets {
  /** The key of the masked IPs' short hashes; undefined before the migrations ran. */
  abstract ipMaskKey(): Promise<string | undefined>;
}

export class ConsoleSecretsRepository implements ConsoleSecrets {
  constructor(private readonly dataSource: DataSource) {}

  async ipMaskKey(): Promise<string | undefined> {
    const [row]: { value: string }[] = await this.dataSource.query(`SELECT value FROM console_secret WHERE name = 'ip_mask_key'`);
    return row?.value;
  }
}
