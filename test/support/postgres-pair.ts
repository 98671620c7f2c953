import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './free-port';
import { pollUntil } from './poll-until';
import { childProcesses } from './processes';

const run = promisify(execFile);

/** The newest Postgres the machine has (Debian's /usr/lib/postgresql/<version>/bin). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (!versions.length) throw new Error(`no Postgres binaries under ${root}/*/bin: install the server package (initdb, pg_ctl, pg_basebackup)`);
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

type Node = { name: 'primary' | 'standby'; port: number; dir: string };

/**
 * A Postgres primary and a synchronous standby of a suite's own, made from the machine's binaries
 * (initdb, pg_basebackup, pg_ctl) on free loopback ports in a temporary directory: a commit the
 * primary acknowledges is on the standby too (synchronous_commit=on, synchronous_standby_names).
 * `crash` SIGKILLs the primary's processes, as a lost host; `promote` makes the standby the primary.
 */
export class PostgresPair {
  private readonly bin = postgresBin();
  private readonly root = mkdtempSync(join(tmpdir(), 'sentinel-pg-pair-'));
  // Postgres refuses to run as root: as root, the servers run as the postgres user.
  private readonly asUser = userInfo().uid === 0 ? 'postgres' : undefined;
  primary!: Node;
  standby!: Node;

  /** postgres://…@primary,standby/<database>?target_session_attrs=read-write: what the services get. */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.primary.port},127.0.0.1:${this.standby.port}/${database}?target_session_attrs=read-write`;
  }

  /** One server's URL. */
  nodeUrl(node: Node, database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${node.port}/${database}`;
  }

  async start(): Promise<this> {
    if (this.asUser) chownSync(this.root, ...this.owner());
    this.primary = { name: 'primary', port: await freePort(), dir: join(this.root, 'primary') };
    this.standby = { name: 'standby', port: await freePort(), dir: join(this.root, 'standby') };
    await this.pg('initdb', ['-D', this.primary.dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    // Only the primary waits for a standby: once promoted, the standby runs alone and must not
    // wait for a standby it does not have.
    await this.startNode(this.primary, ["synchronous_standby_names='standby'"]);
    await this.pg('pg_basebackup', ['-h', '127.0.0.1', '-p', String(this.primary.port), '-U', 'postgres', '-D', this.standby.dir, '-R', '-X', 'stream', '--no-sync']);
    // The name the primary's synchronous_standby_names waits for.
    appendFileSync(join(this.standby.dir, 'postgresql.auto.conf'), `primary_conninfo = 'host=127.0.0.1 port=${this.primary.port} user=postgres application_name=standby'\n`);
    await this.startNode(this.standby, []);
    await pollUntil(
      async () => {
        const rows = await this.query(this.primary, `SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'`);
        return rows[0]?.sync_state === 'sync';
      },
      { timeoutMs: 30_000, what: 'the standby to stream synchronously' },
    );
    return this;
  }

  /** SIGKILL to the primary's postmaster and every backend: the host is gone, nothing flushed or said goodbye. */
  crash(node: Node = this.primary): void {
    const pid = this.postmasterPid(node);
    if (!pid) return;
    const children = childProcesses(pid);
    process.kill(pid, 'SIGKILL');
    for (const child of children) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }

  /** Promotes the standby (pg_ctl promote, waiting until it accepts writes). */
  async promote(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.standby.dir, 'promote', '-w', '-t', '60']);
  }

  /** Runs a statement on one server. */
  async query(node: Node, sql: string): Promise<Record<string, unknown>[]> {
    const client = new Client({ connectionString: this.nodeUrl(node), connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Stops both servers (immediate: nothing to keep) and removes their directories. */
  async dispose(): Promise<void> {
    for (const node of [this.standby, this.primary]) {
      if (node && this.postmasterPid(node)) await this.pg('pg_ctl', ['-D', node.dir, 'stop', '-m', 'immediate', '-w']).catch(() => this.crash(node));
    }
    rmSync(this.root, { recursive: true, force: true });
  }

  private async startNode(node: Node, settings: string[]): Promise<void> {
    const options = [
      `-p ${node.port}`,
      `-k ${this.root}`,
      "-c listen_addresses='127.0.0.1'",
      '-c synchronous_commit=on',
      '-c wal_level=replica',
      '-c max_wal_senders=4',
      '-c hot_standby=on',
      '-c max_connections=200',
      '-c shared_buffers=32MB',
      ...settings.map((s) => `-c ${s}`),
    ].join(' ');
    await this.pg('pg_ctl', ['-D', node.dir, '-l', join(this.root, `${node.name}.log`), '-o', options, '-w', '-t', '60', 'start']);
  }

  private postmasterPid(node: Node): number | undefined {
    try {
      const pid = Number(readFileSync(join(node.dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  private owner(): [number, number] {
    const uid = Number(
      readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${this.asUser}:`))
        ?.split(':')[2],
    );
    const gid = Number(
      readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${this.asUser}:`))
        ?.split(':')[3],
    );
    if (!Number.isInteger(uid)) throw new Error(`no ${this.asUser} user to run Postgres as`);
    return [uid, gid];
  }

  private async pg(tool: string, args: string[]): Promise<void> {
    const path = join(this.bin, tool);
    const [file, argv] = this.asUser ? ['runuser', ['-u', this.asUser, '--', path, ...args]] : [path, args];
    await run(file, argv, { cwd: this.root, maxBuffer: 10 * 1024 * 1024 });
  }
}
