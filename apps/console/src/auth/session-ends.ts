import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Observable } from 'rxjs';
import { LiveSessions } from '@sentinel/persistence';
import { tokenHash } from './session.cookie';

/**
 * How often an instance checks that the sessions behind its open streams still live: a session
 * ended on another console instance (or expired) ends its streams here within this much time.
 */
const SESSION_SWEEP_MS = 400;

interface Watched {
  tokenHash: string;
  analystId: string;
  end: () => void;
}

/** Which sessions ended: one (a logout) or every session of an account (a new password, a disabled account). */
export type EndedSessions = { tokenHash: string } | { analystId: string };

/**
 * Ends what a session holds open (the live streams) when the session ends: at once for a logout,
 * password change or disable on this instance, and within SESSION_SWEEP_MS for one on another
 * instance, found by one query per sweep for all of the instance's streams.
 */
@Injectable()
export class SessionEnds implements OnModuleDestroy {
  private readonly logger = new Logger(SessionEnds.name);
  private readonly watched = new Set<Watched>();
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;

  constructor(private readonly sessions: LiveSessions) {}

  /** Emits once, and completes, when the session behind `token` ends. */
  of(token: string, analystId: string): Observable<void> {
    return new Observable<void>((subscriber) => {
      const entry: Watched = {
        tokenHash: tokenHash(token),
        analystId,
        end: () => {
          subscriber.next();
          subscriber.complete();
        },
      };
      this.watched.add(entry);
      this.sweeper ??= setInterval(() => void this.sweep(), SESSION_SWEEP_MS);
      return () => {
        this.watched.delete(entry);
        if (this.watched.size === 0) {
          clearInterval(this.sweeper);
          this.sweeper = undefined;
        }
      };
    });
  }

  /** Called once the ending has committed. */
  ended(which: EndedSessions): void {
    for (const entry of [...this.watched]) {
      if ('tokenHash' in which ? entry.tokenHash === which.tokenHash : entry.analystId === which.analystId) entry.end();
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.watched.size === 0) return;
    this.sweeping = true;
    try {
      const hashes = [...new Set([...this.watched].map((w) => w.tokenHash))];
      const alive = new Set(await this.sessions.live(hashes));
      for (const hash of hashes) if (!alive.has(hash)) this.ended({ tokenHash: hash });
    } catch (error) {
      // The next sweep tries again; a stream outlives its session by one more sweep at most.
      this.logger.warn({ err: error }, 'checking the sessions of live streams failed');
    } finally {
      this.sweeping = false;
    }
  }
}
