// The production image's command: runs the service SERVICE names as a child, passes SIGTERM and
// SIGINT on to it, and decides what its exit means to Docker's restart policy.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lib/repo-root';

const SERVICES = ['gateway', 'detector', 'notifier', 'console'] as const;

/** The exit code of a service that refused its configuration (libs/service-kit loadOrExit). */
export const BAD_CONFIGURATION = 78;

/** The compiled file SERVICE runs, relative to the image's root; undefined for an unknown name. */
export function entryFile(service: string | undefined): string | undefined {
  if (service === 'migrate') return join('dist', 'libs', 'persistence', 'src', 'cli', 'migrate.js');
  return (SERVICES as readonly (string | undefined)[]).includes(service) ? join('dist', 'apps', service!, 'src', 'main.js') : undefined;
}

/**
 * Docker restart policies cannot exclude an exit code: `on-failure` restarts on every non-zero
 * one, bounded or not. A service with bad configuration fails the same way on every restart, so
 * its 78 becomes 0, which `on-failure` leaves stopped, after saying so in the container's log.
 * Other failures (Kafka or Postgres away at boot: exit 1) keep their code and are restarted.
 * The one-shot migration keeps its 78, so that services waiting for it to succeed do not start.
 */
export function containerExit(service: string, code: number | null, signal: NodeJS.Signals | null): { code: number; say?: string } {
  // A shell's convention for a process ended by a signal.
  if (signal) return { code: 128 + constants.signals[signal] };
  if (code === BAD_CONFIGURATION && service !== 'migrate') {
    return { code: 0, say: `${service} exited ${BAD_CONFIGURATION}: bad configuration (see above). Not restarting; fix the variables and run docker compose up again.` };
  }
  return { code: code ?? 1 };
}

function main(): void {
  const service = process.env.SERVICE;
  const file = entryFile(service);
  if (!file) {
    process.stderr.write(`SERVICE must be one of ${[...SERVICES, 'migrate'].join(', ')}, not "${service ?? ''}"\n`);
    process.exit(BAD_CONFIGURATION);
  }
  const child = spawn(process.execPath, [join(repoRoot(), file)], { stdio: 'inherit' });
  // The child drains on SIGTERM (SHUTDOWN_GRACE_MS); this process waits for it.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
  child.once('exit', (code, signal) => {
    const exit = containerExit(service!, code, signal);
    if (exit.say) process.stderr.write(`${exit.say}\n`);
    process.exit(exit.code);
  });
}

if (require.main === module) main();
