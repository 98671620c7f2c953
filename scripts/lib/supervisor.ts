import type { ServiceProcess } from './service-process';

type Step = () => Promise<void>;

/**
 * What `npm start` started, stopped on SIGINT, SIGTERM or SIGHUP (a closed terminal), on a failed
 * start and on a crash of the supervisor itself: the services together (SIGTERM, then SIGKILL after
 * the grace period), then what was started before them, in reverse order. A second signal while
 * stopping kills every service at once. Stopping ends the process.
 */
export class Supervisor {
  private readonly steps: Step[] = [];
  private readonly services: ServiceProcess[] = [];
  private readonly starting: Promise<unknown>[] = [];
  private stopping?: Promise<never>;
  private escalated = false;

  constructor(
    private readonly graceMs: number,
    private readonly say: (line: string) => void,
  ) {}

  install(): this {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => this.onSignal(signal));
    const crashed = (error: unknown) => {
      this.say(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void this.stop(1);
    };
    process.on('uncaughtException', crashed);
    process.on('unhandledRejection', crashed);
    return this;
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * Something being started that must be stopped once it is up (`stopOf` says how, or that it need
   * not be). A signal during its start waits for the start to finish, then stops it too.
   */
  start<T>(starting: Promise<T>, stopOf: (started: T) => Step | undefined): Promise<T> {
    const started = starting.then((value) => {
      const stop = stopOf(value);
      if (stop) this.steps.push(stop);
      return value;
    });
    this.starting.push(started.catch(() => undefined));
    return started;
  }

  /** A step run on stopping, before whatever was added earlier. */
  onStop(step: Step): void {
    this.steps.push(step);
  }

  /** Services, stopped together and before whatever was added earlier; add them before starting them. */
  addServices(services: ServiceProcess[]): void {
    this.services.push(...services);
    this.steps.push(async () => {
      await Promise.all(
        services.map(async (service) => {
          const { forced } = await service.stop(this.graceMs);
          if (forced && !this.escalated) this.say(`${service.name} did not stop within ${this.graceMs} ms: killed`);
        }),
      );
    });
  }

  /** Stops everything and exits with `code`; later calls wait for the first. */
  stop(code: number): Promise<never> {
    this.stopping ??= this.run(code);
    return this.stopping;
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (!this.stopping) {
      void this.stop(0);
      return;
    }
    this.escalated = true;
    this.say(`${signal} again: killing the services now`);
    for (const service of this.services) service.kill();
  }

  private async run(code: number): Promise<never> {
    this.say('stopping…');
    await Promise.all(this.starting);
    for (const step of this.steps.reverse()) await step().catch((e: Error) => this.say(`while stopping: ${e.message}`));
    process.exit(code);
  }
}
