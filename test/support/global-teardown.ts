/** Stops what the global setup started (containers, a local broker), once, after the last project. */
export default async function globalTeardown(): Promise<void> {
  const teardown = globalThis.__sentinelTestTeardown;
  globalThis.__sentinelTestTeardown = undefined;
  for (const stop of (teardown ?? []).reverse()) await stop();
}
