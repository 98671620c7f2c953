/** One Postgres server named in DATABASE_URL. */
export interface DatabaseHost {
  host: string;
  port: number;
}

/** What the services connect to: one URL per host, tried in order. */
export interface DatabaseTarget {
  hosts: DatabaseHost[];
  database: string;
  /** `read-write`: only a server that accepts writes will do (libpq's target_session_attrs). */
  targetSessionAttrs: 'any' | 'read-write';
  /** The same URL for one of its hosts, without target_session_attrs: what node-postgres reads. */
  urlFor(host: DatabaseHost): string;
}

const SESSION_ATTRS = ['any', 'read-write'] as const;

/**
 * Reads a postgres:// URL with one host or several, libpq's form
 * (`postgres://user@db1:5432,db2:5432/sentinel?target_session_attrs=read-write`). node-postgres
 * reads one host only: a comma in the host part is an invalid URL to it.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const match = /^(postgres(?:ql)?):\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/.exec(url);
  if (!match) throw new Error('must be a postgres:// URL');
  const [, scheme, userinfo, hostList, path = '', query = ''] = match;
  const hosts = hostList.split(',').map((part): DatabaseHost => {
    const hostPort = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(part);
    if (!hostPort) throw new Error(`names host "${part}"; give host or host:port, comma-separated`);
    const port = Number(hostPort[2] ?? 5432);
    if (port < 1 || port > 65_535) throw new Error(`names port ${port}`);
    return { host: hostPort[1], port };
  });
  const params = new URLSearchParams(query);
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (!(SESSION_ATTRS as readonly string[]).includes(attrs)) throw new Error(`has target_session_attrs=${attrs}; this client supports ${SESSION_ATTRS.join(' and ')}`);
  params.delete('target_session_attrs');
  const rest = params.size ? `?${params.toString()}` : '';
  const auth = userinfo === undefined ? '' : `${userinfo}@`;
  const database = decodeURIComponent(path.replace(/^\//, ''));
  return {
    hosts,
    database,
    targetSessionAttrs: attrs as DatabaseTarget['targetSessionAttrs'],
    urlFor: ({ host, port }) => `${scheme}://${auth}${host}:${port}${path}${rest}`,
  };
}

/** The same URL naming another database on the same servers (the `postgres` one, to create or drop others). */
export function withDatabase(url: string, database: string): string {
  return url.replace(/^([^?#]*?:\/\/[^/?#]*)(\/[^?#]*)?/, (_, origin: string) => `${origin}/${encodeURIComponent(database)}`);
}

/** The user and password a URL with one host or several names (decoded; absent ones undefined). */
export function databaseCredentials(url: string): { user?: string; password?: string } {
  const userinfo = /^[^?#]*?:\/\/(?:([^@/?#]*)@)?/.exec(url)?.[1];
  if (!userinfo) return {};
  const colon = userinfo.indexOf(':');
  const user = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon)) || undefined;
  const password = colon < 0 ? undefined : decodeURIComponent(userinfo.slice(colon + 1)) || undefined;
  return { user, password };
}

/** The same URL (every host, database and parameter kept) as another user, with the password given or none. */
export function withCredentials(url: string, user: string, password?: string): string {
  const auth = `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@`;
  return url.replace(/^([^?#]*?:\/\/)(?:[^@/?#]*@)?/, (_, scheme: string) => `${scheme}${auth}`);
}
