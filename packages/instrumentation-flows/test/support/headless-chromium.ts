import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's `chromium` package (`apt-get install -y chromium`; `.ci/run` installs it when missing). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A real headless Chromium with a fresh profile folder; `close()` removes it. */
export interface HeadlessChromium {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Launches the system Chromium through playwright-core (no browser download). */
export async function launchChromium(): Promise<HeadlessChromium> {
  const profile = mkdtempSync(path.join(tmpdir(), 'mellea-chromium-'));
  // playwright passes the profile folder to Chromium as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
    timeout: 60_000,
  });
  return {
    context,
    newPage: async () => {
      const page = await context.newPage();
      // The page must work offline: any request it makes fails the test that looks.
      await page.route(/^(?!file:|data:|about:)/, (route) => route.abort());
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
