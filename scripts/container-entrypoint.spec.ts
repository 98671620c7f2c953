import { BAD_CONFIGURATION, containerExit, entryFile } from './container-entrypoint';

describe('the container entry point', () => {
  it('runs the four services and the migration, and nothing else', () => {
    expect(entryFile('notifier')).toBe('dist/apps/notifier/src/main.js');
    expect(entryFile('migrate')).toBe('dist/libs/persistence/src/cli/migrate.js');
    expect(entryFile('shell')).toBeUndefined();
    expect(entryFile(undefined)).toBeUndefined();
  });

  it('turns a service’s bad configuration into an exit that on-failure does not restart, and says why', () => {
    expect(containerExit('gateway', BAD_CONFIGURATION, null)).toEqual({ code: 0, say: expect.stringContaining('gateway exited 78: bad configuration') as unknown });
  });

  it('keeps the migration’s 78, so that the services waiting for it to succeed do not start', () => {
    expect(containerExit('migrate', BAD_CONFIGURATION, null)).toEqual({ code: BAD_CONFIGURATION });
  });

  it('keeps other failures, which on-failure restarts, and a signal’s 128+n', () => {
    expect(containerExit('detector', 1, null)).toEqual({ code: 1 });
    expect(containerExit('detector', 0, null)).toEqual({ code: 0 });
    expect(containerExit('detector', null, 'SIGKILL')).toEqual({ code: 137 });
  });
});
