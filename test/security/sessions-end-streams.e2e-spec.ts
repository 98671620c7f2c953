import { ConsoleClient, PipelineHarness } from '@sentinel/testing';

const ANA = { username: 'ana', password: 'ana-password-0123' };

/** An open live stream, read as a browser's EventSource reads it: whether it is still open, and when it ended. */
class OpenStream {
  private endedAt?: number;
  private readonly reading: Promise<void>;

  private constructor(private readonly response: Response) {
    const reader = response.body!.getReader();
    this.reading = (async () => {
      try {
        for (;;) if ((await reader.read()).done) break;
      } catch {
        // A reset connection ends the stream as surely as a clean end.
      }
      this.endedAt = Date.now();
    })();
  }

  static async open(client: ConsoleClient): Promise<OpenStream> {
    const response = await fetch(`${client.baseUrl}/api/live/cases`, { headers: { cookie: client.cookie!, accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    return new OpenStream(response);
  }

  /** Milliseconds from `since` to the end of the stream, or null if it is still open after `waitMs`. */
  async endedWithin(since: number, waitMs: number): Promise<number | null> {
    await Promise.race([this.reading, new Promise((resolve) => setTimeout(resolve, waitMs))]);
    return this.endedAt === undefined ? null : this.endedAt - since;
  }

  async close(): Promise<void> {
    await this.response.body?.cancel().catch(() => undefined);
  }
}

/** Logging out, changing a password and disabling an account end the session's open live streams within a second. */
describe('security: a session ends its live streams', () => {
  let harness: PipelineHarness;
  let admin: ConsoleClient;
  let anaId: string;
  const streams: OpenStream[] = [];
  const open = async (client: ConsoleClient) => {
    const stream = await OpenStream.open(client);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    harness = await new PipelineHarness(['console'], {}, 'security-session-streams').start();
    admin = await harness.console();
    ({ id: anaId } = await admin.post<{ id: string }>('/api/analysts', { ...ANA, displayName: 'Ana', role: 'analyst' }));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await harness?.stop();
  });

  it('keeps a stream open while its session lives', async () => {
    const ana = await harness.console(ANA.username, ANA.password);
    const stream = await open(ana);
    expect(await stream.endedWithin(Date.now(), 2_500)).toBeNull();
  });

  it('ends a stream within a second of its session logging out, and only that session’s', async () => {
    const [ana, other] = [await harness.console(ANA.username, ANA.password), await harness.console(ANA.username, ANA.password)];
    const [stream, untouched] = [await open(ana), await open(other)];
    const at = Date.now();
    expect((await ana.request('DELETE', '/api/session')).status).toBe(204);
    expect(await stream.endedWithin(at, 3_000)).toBeLessThan(1_000);
    expect(await untouched.endedWithin(Date.now(), 500)).toBeNull();
  });

  it('ends the account’s streams within a second of a password change', async () => {
    const [ana, other] = [await harness.console(ANA.username, ANA.password), await harness.console(ANA.username, ANA.password)];
    const stream = await open(other);
    expect((await ana.request('POST', '/api/session/password', { currentPassword: ANA.password, newPassword: 'ana-new-password-0123' })).status).toBe(204);
    // From the answer: checking and hashing passwords (scrypt, 32 MiB each) takes its own time first.
    const at = Date.now();
    ANA.password = 'ana-new-password-0123';
    expect(await stream.endedWithin(at, 3_000)).toBeLessThan(1_000);
    expect((await fetch(`${harness.url('console')}/api/live/cases`, { headers: { cookie: other.cookie! } })).status).toBe(401);
  });

  it('ends the account’s streams within a second of an admin disabling it', async () => {
    const ana = await harness.console(ANA.username, ANA.password);
    const stream = await open(ana);
    const at = Date.now();
    await admin.patch(`/api/analysts/${anaId}`, { disabled: true });
    expect(await stream.endedWithin(at, 3_000)).toBeLessThan(1_000);
  });

  it('ends a stream on one console instance when the session ends on another', async () => {
    await admin.patch(`/api/analysts/${anaId}`, { disabled: false });
    const second = await harness.another('console', 'second');
    try {
      const ana = await harness.console(ANA.username, ANA.password);
      const onSecond = new ConsoleClient(second.url);
      onSecond.cookie = ana.cookie;
      const stream = await open(onSecond);
      const at = Date.now();
      expect((await ana.request('DELETE', '/api/session')).status).toBe(204);
      expect(await stream.endedWithin(at, 3_000)).toBeLessThan(1_000);
    } finally {
      await second.stop();
    }
  });
});
