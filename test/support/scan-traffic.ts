import { join } from 'node:path';
import { expect } from 'vitest';
import { DEMO_CONFIG_HASH } from './banner.ts';
import { addStaff, cli } from './cli.ts';
import type { RunningGateway } from './gateway.ts';
import { linksMailedTo, sqliteRows } from './scan.ts';
import { waitFor } from './wait.ts';

export interface TrafficInput {
  ips: string[];
  uas: string[];
  emails: Record<
    | 'officer'
    | 'stranger'
    | 'oneClick'
    | 'pageForms'
    | 'apiSuppressed'
    | 'checkedOnly'
    | 'eraser'
    | 'accessor'
    | 'unverified'
    | 'inUrl',
    string
  >;
}

export interface Traffic {
  /** Tracker events accepted (202). */
  events: number;
  eraseRequestId: string;
  /** The eraser's other requests, minimised by the erase. */
  erasedRequestIds: string[];
  eraserStillSuppressed: boolean;
}

const PASSWORD = 'a long enough officer password';
const VERIFY = /\/privacy-requests\/verify\/[A-Za-z0-9_-]{43}/;
const DOWNLOAD = /\/privacy-requests\/download\/[A-Za-z0-9-]+/;

/**
 * Realistic traffic through every feature, each request from one of the known clients: tracker
 * events, consent, admin sign-in, unsubscribe (link, one-click, the page's forms), suppressions,
 * privacy requests (submit, verify by the mailed link, complete an access and an erase, download)
 * and stats reads. Asserts each step worked, so the scan that follows is not vacuous.
 */
export async function replayTraffic(gw: RunningGateway, { ips, uas, emails }: TrafficInput): Promise<Traffic> {
  const db = join(gw.dataDir, 'candor.sqlite');
  const client = (i: number, extra: Record<string, string> = {}) => ({
    'user-agent': uas[i % uas.length] as string,
    // A proxy chain, as behind a CDN: the first entry is the client.
    'x-forwarded-for': i % 3 === 0 ? `${ips[i % ips.length]}, 10.0.0.7` : (ips[i % ips.length] as string),
    ...extra,
  });
  const call = async (i: number, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${gw.url}${path}`, { redirect: 'manual', ...init, headers: client(i, init.headers) });
  const json = (i: number, path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(i, path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
  const form = (i: number, path: string, fields: Record<string, string> | URLSearchParams, headers = {}) =>
    call(i, path, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });

  // 1. Tracker: pageviews with referrers and UTM, engagement, a custom event with props; consent.
  let events = 0;
  const event = async (i: number, body: Record<string, unknown>) => {
    const res = await call(i, '/api/event', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status, JSON.stringify(body)).toBe(202);
    events++;
  };
  for (const [i] of ips.entries()) {
    await event(i, {
      n: 'pageview',
      u: `http://localhost:8080/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring&email=${encodeURIComponent(emails.inUrl)}`,
      r: `https://www.google.com/search?q=candor&ip=${ips[i]}`,
      w: 390 + i * 40,
    });
    await event(i, {
      n: 'pageview',
      u: 'http://localhost:8080/features#top',
      r: `http://localhost:8080/pricing?e=${emails.inUrl}`,
      w: 1280,
    });
    await event(i, { n: 'engagement', u: 'http://localhost:8080/features', e: 4000 + i * 250 });
    await event(i, { n: 'Signup', u: 'http://localhost:8080/features', p: { plan: i % 2 ? 'pro' : 'team', seats: i } });
    const all = ['necessary', 'candor', 'preferences', 'analytics', 'ga4', 'marketing', 'hubspot', 'youtube'];
    const accept = i % 2 === 0;
    const consent = await json(i, '/api/consent', {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      action: accept ? 'accept_all' : 'reject_all',
      granted: accept ? all : ['necessary', 'candor'],
      denied: accept ? [] : all.slice(2),
      revision: '2026-11-01',
      configHash: DEMO_CONFIG_HASH,
      locale: 'en',
      gpc: false,
      path: '/pricing',
    });
    expect(consent.status, await consent.text()).toBe(201);
  }

  // 2. API keys as an operator makes them, and the sender's unsubscribe links.
  const key = async (scope: string) => {
    const made = await cli(gw.dataDir, ['apikey', 'create', '--name', scope, '--scope', scope]);
    expect(made.code, made.stderr).toBe(0);
    return { authorization: `Bearer ${made.stdout.trim().split('\n').at(-1)}` };
  };
  const sender = await key('unsubscribe:write,suppressions:read');
  const stats = await key('stats:read');
  const link = async (i: number, email: string, list: string) => {
    const res = await json(i, '/api/unsubscribe-links', { email, list }, sender);
    expect(res.status).toBe(200);
    return new URL(((await res.json()) as { url: string }).url).pathname;
  };

  // 3. One-click, after a link scanner's GET and HEAD.
  for (const [email, i] of [
    [emails.oneClick, 1],
    [emails.eraser, 2],
  ] as const) {
    const path = await link(i, email, 'newsletter');
    for (const method of ['GET', 'HEAD']) expect((await call(i, path, { method })).status).toBe(200);
    expect((await form(i, path, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
  }

  // 4. The page's forms: one list, preferences, undo, all lists.
  const page = await link(3, emails.pageForms, 'product-updates');
  expect((await call(3, page)).status).toBe(200);
  for (const fields of [
    new URLSearchParams({ action: 'list' }),
    new URLSearchParams([
      ['action', 'preferences'],
      ['subscribed', 'newsletter'],
    ]),
    new URLSearchParams([
      ['action', 'restore'],
      ['was', 'product-updates'],
    ]),
    new URLSearchParams({ action: 'all' }),
  ]) {
    expect((await form(3, page, fields)).status, fields.toString()).toBe(200);
  }

  // 5. Suppressions API: add, check, the change feed.
  expect((await json(4, '/api/suppressions', { email: emails.apiSuppressed, list: '*' }, sender)).status).toBe(201);
  const check = async () => {
    const res = await json(5, '/api/suppressions/check', { emails: Object.values(emails).slice(2, 7) }, sender);
    expect(res.status).toBe(200);
    return ((await res.json()) as { results: { email: string; lists: string[]; all_lists: boolean }[] }).results;
  };
  expect((await check()).find((r) => r.email === emails.checkedOnly)?.lists).toEqual([]);
  expect((await call(5, '/api/suppressions?since=0', { headers: sender })).status).toBe(200);

  // 6. Privacy requests: submit, verify through the mailed link; one left unverified.
  const submit = async (i: number, email: string, type: string) => {
    const res = await json(i, '/api/privacy-requests', { type, email, details: `Please handle ${email} (${type}).` });
    expect(res.status).toBe(202);
  };
  const used = new Set<string>();
  const verify = async (i: number, email: string) => {
    let fresh: string | undefined;
    await waitFor(
      async () => {
        fresh = (await linksMailedTo(gw.dataDir, email, VERIFY)).find((l) => !used.has(l));
        return fresh !== undefined;
      },
      `a verification mail to ${email}`,
      10_000,
    );
    used.add(fresh as string);
    expect((await call(i, fresh as string)).status).toBe(200);
    expect((await call(i, fresh as string, { method: 'POST' })).status).toBe(200);
  };
  const requestId = (email: string, type: string) =>
    sqliteRows<{ id: string }>(db, 'SELECT id FROM privacy_requests WHERE email = ? AND type = ?', email, type)[0]
      ?.id as string;
  await submit(6, emails.eraser, 'access');
  await verify(6, emails.eraser);
  const eraserAccess = requestId(emails.eraser, 'access');
  await submit(7, emails.accessor, 'access');
  await verify(7, emails.accessor);
  await submit(8, emails.unverified, 'object');
  await submit(9, emails.eraser, 'erase');
  await verify(9, emails.eraser);

  // 7. Admin sign-in: a stranger's guess, a wrong password, then the officer.
  await addStaff(gw.dataDir, emails.officer, 'privacy', PASSWORD);
  expect((await form(10, '/admin/login', { email: emails.stranger, password: 'guess guess guess' })).status).not.toBe(
    303,
  );
  expect((await form(11, '/admin/login', { email: emails.officer, password: 'not the password' })).status).not.toBe(
    303,
  );
  const login = await form(12, '/admin/login', { email: emails.officer, password: PASSWORD });
  expect(login.status).toBe(303);
  const cookie = /candor_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] as string;
  const officer = { cookie, 'sec-fetch-site': 'same-origin' };
  const act = async (id: string, action: string) => {
    const detail = await (await call(12, `/admin/requests/${id}`, { headers: officer })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(detail)?.[1] as string;
    return form(12, `/admin/requests/${id}/${action}`, { _csrf: csrf, note: '' }, officer);
  };
  const status = (id: string) =>
    sqliteRows<{ status: string }>(db, 'SELECT status FROM privacy_requests WHERE id = ?', id)[0]?.status;
  const accessId = requestId(emails.accessor, 'access');
  const eraseRequestId = requestId(emails.eraser, 'erase');
  for (const id of [accessId, eraseRequestId]) {
    await act(id, 'start'); // from awaiting_systems: the officer goes ahead without the CRM's report
    expect((await act(id, 'complete')).status).toBe(303);
    expect(status(id)).toBe('completed');
  }

  // 8. The access package, downloaded with the mailed link and the code mailed apart.
  let download: string | undefined;
  await waitFor(
    async () => {
      download = (await linksMailedTo(gw.dataDir, emails.accessor, DOWNLOAD))[0];
      return download !== undefined;
    },
    'the completion mail',
    10_000,
  );
  const mails = await linksMailedTo(gw.dataDir, emails.accessor, /\b[A-HJ-NP-Z2-9]{10}\b/);
  // The code comes in a mail of its own; the right one answers a page whose button posts a ticket.
  const zip = await (async () => {
    for (const code of mails) {
      const ready = await form(7, download as string, { code });
      if (ready.status !== 200) continue;
      const ticket = /name="ticket" value="([^"]+)"/.exec(await ready.text())?.[1] ?? '';
      return form(7, `${download}/file`, { ticket });
    }
    return undefined;
  })();
  expect(zip?.headers.get('content-type')).toBe('application/zip');

  // 9. Stats reads, as a marketer's dashboard and export would.
  for (const q of [
    'summary?site=localhost&period=today',
    'timeseries?site=localhost&period=today',
    ...['page', 'source', 'referrer', 'utm_source', 'browser', 'os', 'device', 'country', 'event'].map(
      (p) => `breakdown?site=localhost&period=today&property=${p}`,
    ),
    'breakdown?site=localhost&period=today&property=page&format=csv',
  ]) {
    expect((await call(13, `/api/stats/${q}`, { headers: stats })).status, q).toBe(200);
  }

  const eraserStillSuppressed =
    (await check()).find((r) => r.email === emails.eraser)?.lists.includes('newsletter') ?? false;
  return { events, eraseRequestId, erasedRequestIds: [eraserAccess], eraserStillSuppressed };
}
