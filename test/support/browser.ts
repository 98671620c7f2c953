import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from '../../scripts/lib/repo-root';

/** Debian's Chromium, headless, driven by playwright-core; no browser download. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Where tests leave screenshots for people to look at. */
export function screenshotPath(name: string): string {
  const dir = join(repoRoot(), 'test-artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

export interface ConsolePageOptions {
  locale: string;
  /** The UI route to open once signed in, such as `#/queue`. */
  hash: string;
  who: { username: string; password: string };
  viewport?: { width: number; height: number };
  /** false cuts the live feed: what a page shows after an action is then what the action's answer said. */
  live?: boolean;
  /** Script errors of the page, for the test to check: a page that threw may still look fine. */
  pageErrors: string[];
}

/** A context of its own, in China's time zone and the given language, signed in to the console and at `hash`. */
export async function openConsolePage(browser: Browser, consoleUrl: string, options: ConsolePageOptions): Promise<{ context: BrowserContext; page: Page }> {
  const { locale, hash, who, viewport = { width: 1440, height: 900 }, live = true, pageErrors } = options;
  const context = await browser.newContext({ viewport, timezoneId: 'Asia/Shanghai', locale });
  await context.addInitScript({ content: `localStorage.setItem('sentinel.locale', '${locale}')` });
  if (!live) await context.route('**/api/live/**', (route) => route.abort());
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(consoleUrl);
  await page.fill('input[name=username]', who.username);
  await page.fill('input[name=password]', who.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
  await page.goto(`${consoleUrl}/${hash}`);
  return { context, page };
}
