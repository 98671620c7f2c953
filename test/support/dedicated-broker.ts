import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { answers, ensureLocalKafka, type LocalKafka } from '../../scripts/lib/local-infra';
import { repoRoot } from '../../scripts/lib/repo-root';
import { freePort } from './free-port';

/**
 * A Kafka broker of a suite's own (the project's single-node KRaft broker on other ports and a
 * data directory of its own), for a suite that stops and restarts it without disturbing others.
 */
export class DedicatedBroker {
  private running?: LocalKafka;
  private port = 0;
  private readonly dataDir: string;

  constructor(name: string) {
    this.dataDir = join(repoRoot(), '.run', `kafka-${name}`);
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts it, unless this object already has (a second start would lose the way to stop it). */
  async start(): Promise<this> {
    if (this.running) return this;
    if (!this.port) {
      rmSync(this.dataDir, { recursive: true, force: true });
      // The controller listens on port + 1: find a pair that is free.
      do this.port = await freePort();
      while (await answers('127.0.0.1', this.port + 1));
    }
    this.running = await ensureLocalKafka(this.port, this.dataDir);
    return this;
  }

  /** Stops it cleanly (SIGTERM, as an orchestrator's rolling restart does) and starts it again on its data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }

  /** Stops it for good and removes its data. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
