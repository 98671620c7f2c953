import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { answers } from '../../scripts/lib/local-infra';
import { repoRoot } from '../../scripts/lib/repo-root';
import { freePort } from './free-port';

const run = promisify(execFile);

/**
 * The project's three-node KRaft cluster (scripts/kafka.sh --brokers 3) of a suite's own, on free
 * ports, with the faults a cluster suffers: a node killed (SIGKILL) and started again on its data,
 * a node paused (SIGSTOP) and resumed. Node numbers are the nodes' ids, 1 to 3.
 */
export class DedicatedCluster {
  private ports: number[] = [];
  private readonly dataDir: string;
  private readonly paused = new Set<number>();

  constructor(name: string) {
    this.dataDir = join(repoRoot(), '.run', `kafka-${name}`);
  }

  get brokers(): string {
    return this.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  async start(): Promise<this> {
    rmSync(this.dataDir, { recursive: true, force: true });
    // Each node's controller listens on its port + 1: find pairs that are free.
    while (this.ports.length < 3) {
      const port = await freePort();
      if (!(await answers('127.0.0.1', port + 1)) && !this.ports.some((p) => Math.abs(p - port) < 2)) this.ports.push(port);
    }
    await this.script('start');
    return this;
  }

  /** SIGKILL: the node dies with whatever it had not flushed or handed over. */
  kill(node: number): void {
    process.kill(this.pid(node), 'SIGKILL');
  }

  /** Starts a node that was killed, on its data; resolves once it has started. */
  async startNode(node: number): Promise<void> {
    await this.script('start', node);
  }

  pause(node: number): void {
    process.kill(this.pid(node), 'SIGSTOP');
    this.paused.add(node);
  }

  resume(node: number): void {
    process.kill(this.pid(node), 'SIGCONT');
    this.paused.delete(node);
  }

  /**
   * The active KRaft controller, as the quorum's own state files record it (the newest epoch any
   * live node has seen). Not DescribeCluster's `controller`: in KRaft that names a random broker.
   */
  activeController(): number {
    let best = { epoch: -1, leader: 0 };
    for (const node of [1, 2, 3]) {
      try {
        process.kill(this.pid(node), 0);
        const state = JSON.parse(readFileSync(join(this.nodeDir(node), 'log', '__cluster_metadata-0', 'quorum-state'), 'utf8')) as { leaderId: number; leaderEpoch: number };
        if (state.leaderEpoch > best.epoch && state.leaderId > 0) best = { epoch: state.leaderEpoch, leader: state.leaderId };
      } catch {
        // a node that is down, or has not voted yet
      }
    }
    if (!best.leader) throw new Error('no node knows the active controller');
    return best.leader;
  }

  /** Stops every node (a paused one is resumed first, so it can stop) and removes the data. */
  async dispose(): Promise<void> {
    for (const node of this.paused) this.resume(node);
    if (this.ports.length === 3) await this.script('stop').catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private nodeDir(node: number): string {
    return join(this.dataDir, `node-${node}`);
  }

  private pid(node: number): number {
    return Number(readFileSync(join(this.nodeDir(node), 'broker.pid'), 'utf8').trim());
  }

  private async script(command: 'start' | 'stop', node?: number): Promise<void> {
    const env = { ...process.env, KAFKA_PORTS: this.ports.join(','), KAFKA_DATA_DIR: this.dataDir, KAFKA_HEAP: process.env.KAFKA_HEAP ?? '384m' };
    await run('bash', [join(repoRoot(), 'scripts', 'kafka.sh'), command, '--brokers', '3', ...(node ? ['--node', String(node)] : [])], { env, maxBuffer: 10 * 1024 * 1024 });
  }
}
