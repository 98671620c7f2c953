import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of Postgres, for fault tests: services connect through it, and `refuse`
 * drops every open connection and turns new ones away for a while, as a restarting or unreachable
 * database would, without touching the database other suites share.
 */
export class PgProxy {
  private readonly sockets = new Set<Socket>();
  private refusingUntil = 0;
  private server?: Server;
  port = 0;
  refusedConnections = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      if (Date.now() < this.refusingUntil) {
        this.refusedConnections++;
        client.destroy();
        return;
      }
      const upstream = createConnection(this.target);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ]) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** Drops every connection now and refuses new ones for `ms`. */
  refuse(ms: number): void {
    this.refusingUntil = Date.now() + ms;
    for (const socket of this.sockets) socket.destroy();
  }

  /** The same database URL, through the proxy. */
  proxied(url: string): string {
    const through = new URL(url);
    through.hostname = '127.0.0.1';
    through.port = String(this.port);
    return through.toString();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
