import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { inCI } from './tier.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to drive: CHROME_PATH, else Debian's. Undefined when none is installed. */
export const chromePath = [process.env.CHROME_PATH, ...CANDIDATES].find((p): p is string => !!p && existsSync(p));

/**
 * Whether the browser suites run. With CI=true a missing browser is an error, so CI can never
 * pass by skipping them; on a laptop without Chromium they are skipped with a loud notice.
 */
export const hasBrowser = (() => {
  if (chromePath) return true;
  const notice = 'No Chromium found (set CHROME_PATH or `apt-get install chromium`).';
  if (inCI) {
    throw new Error(`${notice} Browser suites must run in CI.`);
  }
  process.stderr.write(`\n!!! ${notice} SKIPPING the browser (e2e) suites. !!!\n\n`);
  return false;
})();

/**
 * `userAgent` is set for the whole browser: a per-context override does not reach beacons sent
 * while a page unloads, which would then carry HeadlessChrome's own agent.
 */
export function launchBrowser({ userAgent }: { userAgent?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
      ...(userAgent ? [`--user-agent=${userAgent}`] : []),
    ],
  });
}
