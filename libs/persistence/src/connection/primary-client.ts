import { Client, type ClientConfig } from 'pg';
import { parseDatabaseUrl, type DatabaseHost, type DatabaseTarget } from './database-url';

/** How long a probe waits for a server that does not answer (a paused or unreachable host). */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * The first of the hosts that takes a connection and, for `read-write`, answers
 * `transaction_read_only = off` (libpq's check): after a standby's promotion the old primary
 * refuses connections or is gone, and the promoted standby accepts writes. The host that was the
 * primary last time is tried first, so a steady state costs one probe per new connection.
 */
async function findPrimary(target: DatabaseTarget, preferred?: DatabaseHost, config: ClientConfig = {}): Promise<DatabaseHost> {
  const order = preferred ? [preferred, ...target.hosts.filter((h) => h.host !== preferred.host || h.port !== preferred.port)] : target.hosts;
  const refusals: string[] = [];
  for (const candidate of order) {
    const probe = new Client({ ...config, connectionString: target.urlFor(candidate), connectionTimeoutMillis: config.connectionTimeoutMillis || PROBE_TIMEOUT_MS });
    // A probe's connection that breaks after the answer is of no interest; unhandled, it would crash the process.
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if (target.targetSessionAttrs === 'any') return candidate;
      const { rows } = await probe.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
      if (rows[0]?.transaction_read_only === 'off') return candidate;
      refusals.push(`${candidate.host}:${candidate.port} is read-only`);
    } catch (error) {
      refusals.push(`${candidate.host}:${candidate.port}: ${(error as Error).message}`);
    } finally {
      await probe.end().catch(() => undefined);
    }
  }
  // Worded as node-postgres words a failed connect, so callers treat it as Postgres being unreachable.
  throw Object.assign(
    new Error(`Connection terminated: no host of DATABASE_URL accepts ${target.targetSessionAttrs === 'any' ? 'connections' : 'writes'} (${refusals.join('; ')})`),
    {
      code: 'ECONNREFUSED',
    },
  );
}

type ConnectCallback = (error: Error | null, client?: Client) => void;

/**
 * A node-postgres Client class (for a pg Pool's `Client` option) that, on each connect, finds
 * the host to use among a multi-host DATABASE_URL's, and then connects there.
 */
export function primaryClientClass(url: string): typeof Client {
  const target = parseDatabaseUrl(url);
  // Shared by every connection of the pool: the last host found to be the primary.
  let lastPrimary: DatabaseHost | undefined;

  class PrimaryClient extends Client {
    constructor(private readonly primaryConfig: ClientConfig = {}) {
      super(primaryConfig);
    }

    override connect(): Promise<Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<Client> | void {
      const connecting = findPrimary(target, lastPrimary, this.primaryConfig).then(async (primary) => {
        lastPrimary = primary;
        // Read by Client#connect when it opens the socket.
        const self = this as unknown as { host: string; port: number; connectionParameters: { host: string; port: number } };
        self.host = self.connectionParameters.host = primary.host.replace(/^\[(.*)\]$/, '$1');
        self.port = self.connectionParameters.port = primary.port;
        try {
          return await super.connect();
        } catch (error) {
          lastPrimary = undefined;
          throw error;
        }
      });
      if (!callback) return connecting;
      connecting.then(
        (client) => callback(null, client),
        (error: Error) => {
          lastPrimary = undefined;
          callback(error);
        },
      );
    }
  }
  return PrimaryClient;
}

/** True when the URL needs PrimaryClient: several hosts, or a session attribute to check. */
export function needsPrimaryClient(url: string): boolean {
  // A URL this parser does not read (a Unix socket in ?host=) is node-postgres's to read, as before.
  let target: DatabaseTarget;
  try {
    target = parseDatabaseUrl(url);
  } catch {
    return false;
  }
  return target.hosts.length > 1 || target.targetSessionAttrs !== 'any';
}

/** A connected client for a one-off job (migrations, creating a database), on the primary. */
export async function connectClient(url: string, config: Omit<ClientConfig, 'connectionString'> = {}): Promise<Client> {
  let connectionString = url;
  if (needsPrimaryClient(url)) {
    const target = parseDatabaseUrl(url);
    connectionString = target.urlFor(await findPrimary(target, undefined, config));
  }
  const client = new Client({ ...config, connectionString });
  await client.connect();
  return client;
}
