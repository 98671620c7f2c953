/** The admin every test console boots with (ADMIN_USERNAME/ADMIN_PASSWORD). */
export const TEST_ADMIN = { username: 'admin', password: 'test-admin-password-0123' } as const;

export const consoleTestEnv = {
  ADMIN_USERNAME: TEST_ADMIN.username,
  ADMIN_PASSWORD: TEST_ADMIN.password,
  // Suites log in often from one address; the throttling suite sets its own limit.
  LOGIN_RATE_LIMIT: '1000',
  // Four eyes are on by default. The suites that publish rule sets and confirm fraud test those
  // actions themselves, one person each; test/four-eyes.e2e-spec.ts and the contract suite turn
  // four eyes on and test the second approval.
  FOUR_EYES_RULE_SETS: 'false',
  FOUR_EYES_AMOUNT: 'off',
};

/**
 * An analyst's session against the console API, as a browser holds it: the session cookie and
 * the CSRF token from login, both sent back on every request unless a test leaves one out.
 */
export class ConsoleClient {
  cookie?: string;
  csrfToken?: string;

  constructor(readonly baseUrl: string) {}

  static async as(baseUrl: string, username: string = TEST_ADMIN.username, password: string = TEST_ADMIN.password): Promise<ConsoleClient> {
    const client = new ConsoleClient(baseUrl);
    const response = await client.login(username, password);
    if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
    return client;
  }

  async login(username: string, password: string): Promise<Response> {
    const response = await fetch(`${this.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (response.status === 200) {
      this.cookie = response.headers.get('set-cookie')!.split(';')[0];
      this.csrfToken = ((await response.clone().json()) as { csrfToken: string }).csrfToken;
    }
    return response;
  }

  request(method: string, path: string, body?: unknown, options: { csrf?: boolean; cookie?: boolean } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.cookie !== false && this.cookie) headers.cookie = this.cookie;
    if (options.csrf !== false && this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    return fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  /** GETs JSON, failing the test with the response body on anything but 200. */
  async get<T = Record<string, unknown>>(path: string): Promise<T> {
    return this.expectOk<T>(await this.request('GET', path), `GET ${path}`);
  }

  async post<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    return this.expectOk<T>(await this.request('POST', path, body), `POST ${path}`);
  }

  async patch<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    return this.expectOk<T>(await this.request('PATCH', path, body), `PATCH ${path}`);
  }

  private async expectOk<T>(response: Response, what: string): Promise<T> {
    if (response.status < 200 || response.status > 299) throw new Error(`${what}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}
