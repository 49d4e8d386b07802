import { isbot } from 'isbot';
import { LRUCache } from 'lru-cache';

/** Why an event is not counted; the reason feeds a metric, so operators see what is dropped. */
export type BotReason = 'no_user_agent' | 'bot' | 'headless' | 'prefetch';

/** The one method read from request headers; `Headers` (and Hono's `c.req.raw.headers`) fit. */
export interface HeaderReader {
  get(name: string): string | null | undefined;
}

// Request headers that mark a speculative load (prefetch, prerender, link preview), which no
// person has seen yet. Chrome sends `Sec-Purpose: prefetch;prerender` on a prerendered page's
// requests too; Safari sends `Purpose`/`X-Purpose`, old Firefox `X-Moz`.
const PURPOSE_HEADERS = ['sec-purpose', 'purpose', 'x-purpose', 'x-moz'] as const;
const SPECULATIVE = /prefetch|prerender|preview/i;

// Automation that looks like a browser. A plain alternation of literals: linear, no backtracking.
// isbot catches most of these too, but not jsdom, and a distinct reason helps the operator tell
// their own Lighthouse runs from crawlers.
// Electron is deliberately absent: every Electron app (Slack, Teams, Discord) sends Chrome/ in
// its UA and is used by people, and a rule for "Electron without Chrome" would never fire.
const HEADLESS = /HeadlessChrome|Lighthouse|PhantomJS|SlimerJS|Puppeteer|Playwright|jsdom/i;

/**
 * Why this request is not a person viewing a page, or null when it plausibly is. Checks run
 * cheapest and most specific first: missing UA, speculative-load headers, headless browsers,
 * then the isbot crawler list.
 *
 * @example botReason(request.headers.get('user-agent') ?? '', request.headers) // null or a reason
 */
export function botReason(ua: string, headers: HeaderReader): BotReason | null {
  if (ua.trim() === '') return 'no_user_agent';
  for (const name of PURPOSE_HEADERS) {
    const value = headers.get(name);
    if (value && SPECULATIVE.test(value)) return 'prefetch';
  }
  return uaVerdict(ua);
}

// isbot costs about 2 µs on a person's UA, since its whole pattern must fail, while real traffic
// repeats a few hundred UAs; the verdict depends on the UA alone, so it is memoised (a hit costs
// ~20 ns). Bounded in entries and in key length, so random or huge UAs cannot grow it.
const MAX_CACHED_UA_LENGTH = 512;
const verdicts = new LRUCache<string, BotReason | 'person'>({ max: 5000 });

function uaVerdict(ua: string): BotReason | null {
  if (ua.length > MAX_CACHED_UA_LENGTH) return classifyUa(ua);
  let verdict = verdicts.get(ua);
  if (verdict === undefined) {
    verdict = classifyUa(ua) ?? 'person';
    verdicts.set(ua, verdict);
  }
  return verdict === 'person' ? null : verdict;
}

function classifyUa(ua: string): BotReason | null {
  if (HEADLESS.test(ua)) return 'headless';
  if (isbot(ua)) return 'bot';
  return null;
}
