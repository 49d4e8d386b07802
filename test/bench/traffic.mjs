// Realistic, varied tracker traffic for the benchmarks: real browser user agents, pages,
// referrers, campaigns and a pool of client addresses (sent as X-Forwarded-For).

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
];

export const PAGES = [
  '/',
  '/',
  '/',
  '/features',
  '/features',
  '/pricing',
  '/pricing',
  '/privacy',
  '/cookies',
  '/privacy/requests',
];

export const REFERRERS = [
  '',
  '',
  '',
  'https://www.google.com/',
  'https://www.google.de/',
  'https://www.bing.com/',
  'https://duckduckgo.com/',
  'https://www.linkedin.com/feed/',
  'https://t.co/abc123',
  'https://www.reddit.com/r/privacy/',
  'https://news.ycombinator.com/',
  'https://www.capterra.com/practice-management-software/',
];

export const CAMPAIGNS = [
  '',
  '',
  '',
  '',
  '?utm_source=newsletter&utm_medium=email&utm_campaign=nov-digest',
  '?utm_source=linkedin&utm_medium=social&utm_campaign=launch',
];

export function pick(list, i) {
  return list[i % list.length];
}

/** A pool of public-looking client addresses. */
export function addressPool(n, seed = 1) {
  let x = seed >>> 0;
  // 32-bit LCG with Math.imul, so no precision is lost.
  const next = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x >>> 8;
  };
  return Array.from(
    { length: n },
    () => `${(next() % 200) + 11}.${next() % 256}.${next() % 256}.${(next() % 254) + 1}`,
  );
}

/** The i-th tracker event: mostly pageviews, some engagement beacons and custom events. */
export function eventBody(origin, i) {
  const path = pick(PAGES, i * 7 + (i >> 3));
  const url = `${origin}${path}${pick(CAMPAIGNS, i * 13)}`;
  const kind = i % 10;
  if (kind === 8) return JSON.stringify({ n: 'engagement', u: url, e: 1000 + ((i * 7919) % 120_000) });
  if (kind === 9 && path === '/pricing')
    return JSON.stringify({ n: 'Signup', u: url, p: { plan: i % 2 ? 'pro' : 'team' } });
  const r = pick(REFERRERS, i * 3);
  return JSON.stringify(r ? { n: 'pageview', u: url, r, w: 1280 } : { n: 'pageview', u: url, w: 390 });
}
