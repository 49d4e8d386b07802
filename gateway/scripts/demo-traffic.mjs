// `pnpm demo:traffic [--days 30] [--visits 250]`: fills ./data with realistic analytics through
// the real HTTP endpoint, so a newcomer's dashboard is alive. It starts the built gateway on a
// free 127.0.0.1 port with CANDOR_TRUST_PROXY=1 (so X-Forwarded-For can name each visitor's
// country) and CANDOR_DEMO_CLOCK=1 (so events can be dated in past days), sends the visits, and
// stops it gracefully so every event is flushed. Stop a running Candor first: the analytics store
// has one writer at a time.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Reader } from 'mmdb-lib';

const { values } = parseArgs({
  options: { days: { type: 'string', default: '30' }, visits: { type: 'string', default: '250' } },
});
const days = Math.max(1, Math.min(400, Number(values.days) || 30));
const visitsPerDay = Math.max(1, Math.min(20_000, Number(values.visits) || 250));
const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = resolve(process.env.CANDOR_DATA_DIR ?? join(root, 'data'));

// --- a small seeded random source, so runs look alike ---
let seed = 20261123;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const weighted = (entries) => {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [value, w] of entries) {
    x -= w;
    if (x < 0) return value;
  }
  return entries[0][0];
};

// --- visitors' countries: sample public addresses and keep those the country database knows ---
const mmdbFile = createRequire(import.meta.url).resolve(
  '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb',
);
const reader = new Reader(readFileSync(mmdbFile));
const COUNTRIES = [
  ['DE', 30],
  ['US', 18],
  ['GB', 10],
  ['AT', 6],
  ['CH', 5],
  ['FR', 6],
  ['NL', 5],
  ['ES', 4],
  ['SE', 3],
  ['PL', 3],
  ['IT', 3],
  ['CA', 3],
  ['AU', 2],
  ['IN', 2],
];
const pools = new Map(COUNTRIES.map(([c]) => [c, []]));
for (let tries = 0; tries < 400_000 && [...pools.values()].some((p) => p.length < 40); tries++) {
  const ip = `${11 + Math.floor(rand() * 212)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
  const code = reader.get(ip)?.country_code;
  const pool = code && pools.get(code);
  if (pool && pool.length < 40) pool.push(ip);
}

const AGENTS = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    30,
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    14,
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    16,
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36',
    10,
  ],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 8],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    9,
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
    4,
  ],
  [
    'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    4,
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 3],
];
const BOTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
];
const ARRIVALS = [
  [{ r: 'https://www.google.com/' }, 28],
  [{ r: 'https://www.google.de/' }, 8],
  [{}, 26],
  [{ r: 'https://www.bing.com/' }, 5],
  [{ r: 'https://duckduckgo.com/' }, 3],
  [{ r: 'https://www.linkedin.com/feed/' }, 5],
  [{ r: 'https://t.co/x1' }, 2],
  [{ r: 'https://www.reddit.com/r/psychotherapy/' }, 2],
  [{ r: 'https://www.capterra.com/practice-management-software/' }, 4],
  [{ r: 'https://news.ycombinator.com/' }, 1],
  [{ q: 'utm_source=newsletter&utm_medium=email&utm_campaign=monthly-digest' }, 8],
  [{ q: 'utm_source=linkedin&utm_medium=social&utm_campaign=spring-launch&utm_content=video' }, 4],
  [{ q: 'utm_source=google&utm_medium=cpc&utm_campaign=practice-software&utm_term=therapy+scheduling' }, 4],
];
const ENTRY = [
  ['/', 45],
  ['/features', 17],
  ['/pricing', 18],
  ['/privacy', 4],
  ['/cookies', 2],
  ['/privacy/requests', 2],
];
const NEXT = [
  ['/features', 30],
  ['/pricing', 35],
  ['/', 15],
  ['/privacy', 8],
  ['/cookies', 4],
  ['/privacy/requests', 3],
  ['/blog/old-post', 2],
];

/** Sends one visit: pageviews with engaged time, sometimes a signup, an outbound click or a download. */
function visit(dayStart) {
  const hour = weighted([
    [7, 2],
    [8, 5],
    [9, 8],
    [10, 9],
    [11, 9],
    [12, 7],
    [13, 8],
    [14, 9],
    [15, 8],
    [16, 7],
    [17, 5],
    [18, 4],
    [19, 3],
    [20, 3],
    [21, 2],
    [22, 1],
    [2, 0.5],
  ]);
  let t = dayStart + hour * 3_600_000 + Math.floor(rand() * 3_600_000);
  const ip = pools.get(weighted(COUNTRIES))?.[Math.floor(rand() * 40)] ?? '8.8.8.8';
  const bot = rand() < 0.04;
  const ua = bot ? BOTS[Math.floor(rand() * BOTS.length)] : weighted(AGENTS);
  const arrival = weighted(ARRIVALS);
  const pages = rand() < 0.42 ? 1 : 2 + Math.floor(rand() * 4);
  const events = [];
  let path = weighted(ENTRY);
  for (let i = 0; i < pages; i++) {
    const url = `http://localhost:8080${path}${i === 0 && arrival.q ? `?${arrival.q}` : ''}`;
    events.push({
      t,
      body: {
        n: 'pageview',
        u: url,
        ...(i === 0 && arrival.r ? { r: arrival.r } : {}),
        w: ua.includes('Mobile') ? 390 : 1440,
      },
    });
    if (path === '/blog/old-post') events.push({ t: t + 50, body: { n: '404', u: url, p: { path } } });
    const engaged = Math.round(Math.exp(8.5 + rand() * 2.5));
    if (path === '/pricing' && rand() < 0.12)
      events.push({
        t: t + engaged / 2,
        body: {
          n: 'Signup',
          u: url,
          p: {
            plan: weighted([
              ['starter', 3],
              ['pro', 5],
              ['team', 2],
            ]),
          },
        },
      });
    if (rand() < 0.05)
      events.push({
        t: t + engaged / 3,
        body: { n: 'Outbound Link: Click', u: url, p: { url: 'https://www.capterra.com/p/tidewater' } },
      });
    if (path === '/features' && rand() < 0.08)
      events.push({
        t: t + engaged / 3,
        body: { n: 'File Download', u: url, p: { url: 'http://localhost:8080/tidewater-overview.pdf' } },
      });
    events.push({ t: t + engaged, body: { n: 'engagement', u: url, e: engaged } });
    t += engaged + 2000 + Math.floor(rand() * 20_000);
    path = weighted(NEXT);
  }
  return { ip, ua, events };
}

async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer().once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const port = await freePort();
const child = spawn(process.execPath, [join(root, 'gateway/dist/main.js')], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    CANDOR_DATA_DIR: dataDir,
    CANDOR_TRUST_PROXY: '1',
    CANDOR_DEMO_CLOCK: '1',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
child.stderr.on('data', (c) => {
  stderr += c;
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (child.exitCode !== null) {
    console.error(`The gateway did not start (is Candor already running on this data dir? stop it first):\n${stderr}`);
    process.exit(1);
  }
  if (
    await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 200) throw new Error('the gateway did not become ready');
  await new Promise((r) => setTimeout(r, 100));
}

const today = new Date();
today.setUTCHours(0, 0, 0, 0);
let sent = 0;
let failed = 0;
for (let d = days - 1; d >= 0; d--) {
  const dayStart = today.getTime() - d * 86_400_000 - 3_600_000; // local midnight in Berlin, roughly
  const weekday = new Date(dayStart + 86_400_000 / 2).getUTCDay();
  const trend = 0.8 + 0.4 * ((days - d) / days);
  const n = Math.round(visitsPerDay * trend * (weekday === 0 || weekday === 6 ? 0.45 : 1) * (0.85 + rand() * 0.3));
  const visits = Array.from({ length: n }, () => visit(dayStart)).filter((v) => v.events[0].t < Date.now());
  const queue = visits.flatMap((v) =>
    v.events.filter((e) => e.t < Date.now()).map((e) => ({ ...e, ip: v.ip, ua: v.ua })),
  );
  queue.sort((a, b) => a.t - b.t);
  // Send in time order with a few requests in flight, as real traffic arrives.
  for (let i = 0; i < queue.length; i += 16) {
    const results = await Promise.all(
      queue.slice(i, i + 16).map((e) =>
        fetch(`${base}/api/event`, {
          method: 'POST',
          headers: {
            'content-type': 'text/plain',
            'user-agent': e.ua,
            'x-forwarded-for': e.ip,
            'x-candor-time': String(Math.round(e.t)),
          },
          body: JSON.stringify(e.body),
        }).then(
          (r) => r.status,
          () => 0,
        ),
      ),
    );
    sent += results.length;
    failed += results.filter((s) => s !== 202).length;
  }
  process.stderr.write(
    `\r${new Date(dayStart + 86_400_000 / 2).toISOString().slice(0, 10)}  ${n} visits  ${sent} events sent${failed ? `, ${failed} refused` : ''}   `,
  );
}
child.kill('SIGTERM');
const code = await new Promise((r) => child.once('exit', r));
process.stderr.write(`\nDone: ${sent} events over ${days} days into ${dataDir} (gateway exited ${code}).\n`);
process.exit(failed > 0 || code !== 0 ? 1 : 0);
