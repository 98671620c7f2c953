import { databaseUrls, withRole } from '../migrate';
import { databaseCredentials, parseDatabaseUrl, withCredentials, withDatabase } from './database-url';

describe('parseDatabaseUrl', () => {
  it('reads one host as node-postgres would', () => {
    const target = parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/sentinel');
    expect(target).toMatchObject({ hosts: [{ host: '127.0.0.1', port: 5432 }], database: 'sentinel', targetSessionAttrs: 'any' });
    expect(target.urlFor(target.hosts[0])).toBe('postgres://postgres@127.0.0.1:5432/sentinel');
  });

  it('reads a primary and its standbys, with target_session_attrs, and gives each host a URL of its own without it', () => {
    const target = parseDatabaseUrl('postgresql://app:s%40cret@db1:6432,db2,[::1]:7000/sentinel?target_session_attrs=read-write&sslmode=disable');
    expect(target.hosts).toEqual([
      { host: 'db1', port: 6432 },
      { host: 'db2', port: 5432 },
      { host: '[::1]', port: 7000 },
    ]);
    expect(target.targetSessionAttrs).toBe('read-write');
    expect(target.urlFor(target.hosts[1])).toBe('postgresql://app:s%40cret@db2:5432/sentinel?sslmode=disable');
  });

  it.each([
    ['not postgres', 'mysql://h/db', /postgres:\/\//],
    ['an empty host', 'postgres://u@db1,/db', /host ""/],
    ['a port out of range', 'postgres://u@db1:70000/db', /port 70000/],
    ['a session attribute it cannot check', 'postgres://u@db1,db2/db?target_session_attrs=standby', /target_session_attrs=standby/],
  ])('refuses %s', (_, url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(message);
  });
});

describe('withDatabase', () => {
  it('names another database on the same hosts, keeping the parameters', () => {
    expect(withDatabase('postgres://u@db1:1,db2:2/sentinel?target_session_attrs=read-write', 'postgres')).toBe('postgres://u@db1:1,db2:2/postgres?target_session_attrs=read-write');
    expect(withDatabase('postgres://u@db1:1', 'postgres')).toBe('postgres://u@db1:1/postgres');
  });
});

describe('databaseCredentials and withCredentials', () => {
  const pair = 'postgres://own%40er:s%3Acret@db1:1,db2:2/sentinel?target_session_attrs=read-write';

  it('reads the user and password of a multi-host URL', () => {
    expect(databaseCredentials(pair)).toEqual({ user: 'own@er', password: 's:cret' });
    expect(databaseCredentials('postgres://db1/sentinel')).toEqual({});
  });

  it('names another role on every host, keeping the database and parameters', () => {
    expect(withCredentials(pair, 'sentinel_service')).toBe('postgres://sentinel_service@db1:1,db2:2/sentinel?target_session_attrs=read-write');
    expect(withCredentials('postgres://db1/sentinel', 'svc', 'p@ss')).toBe('postgres://svc:p%40ss@db1/sentinel');
  });
});

describe('databaseUrls (migrate.ts) on a primary and its standby', () => {
  it('runs the services as sentinel_service on the same hosts', () => {
    const owner = 'postgres://postgres@db1:1,db2:2/sentinel?target_session_attrs=read-write';
    expect(databaseUrls({ DATABASE_URL: owner })).toEqual({ owner, service: 'postgres://sentinel_service@db1:1,db2:2/sentinel?target_session_attrs=read-write' });
    expect(withRole(owner, 'app')).toBe('postgres://app@db1:1,db2:2/sentinel?target_session_attrs=read-write');
  });
});
