import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordStore } from '../store/records.ts';
import { openSqliteRecordStore } from '../store/sqlite/records.ts';
import { testAdmin, testApp } from '../testing.ts';
import { DOWNLOAD_GUESSES_PER_HOUR, DOWNLOAD_GUESSES_PER_ID_PER_HOUR } from './download.tsx';
import { DAY_MS, fulfilDeps, seedRequest, unzip } from './fulfil.fixtures.ts';
import { buildAndStoreExport } from './fulfil.ts';

/** An app and a request with an export package, on one clock. */
async function setup(records?: RecordStore) {
  const env = fulfilDeps({ records });
  const { app } = testApp({ records: env.records, admin: testAdmin({ now: env.deps.now }) });
  const request = await seedRequest(env.deps);
  const built = await buildAndStoreExport(env.deps, request, []);
  const url = `/privacy-requests/download/${request.id}`;
  const post = (code: string, id = request.id, peer = '192.0.2.1') =>
    app.request(`/privacy-requests/download/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-peer': peer },
      body: new URLSearchParams({ code }).toString(),
    });
  const downloads = async () =>
    (await env.records.requests.events(request.id)).filter((e) => e.kind === 'export_downloaded').length;
  /** Posts the ticket of a ready page to its save button's action. */
  const save = async (ready: Response, id = request.id) => {
    const html = await ready.text();
    const ticket = /name="ticket" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return app.request(`/privacy-requests/download/${id}/file`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ticket }).toString(),
    });
  };
  return { ...env, app, request, built, url, post, save, downloads };
}

const wrongCode = (code: string) => (code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`);

describe('GET /privacy-requests/download/:id', () => {
  it('asks for the code and changes nothing', async () => {
    const { app, url, downloads, records, request } = await setup();
    const before = await records.requests.events(request.id);
    const res = await app.request(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="code"');
    expect(html).toContain(`action="${url}"`);
    expect(await downloads()).toBe(0);
    expect(await records.requests.events(request.id)).toEqual(before);
  });

  it('answers with no-store, no-referrer, noindex and its own CSP', async () => {
    const { app, url } = await setup();
    const res = await app.request(url);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('POST /privacy-requests/download/:id', () => {
  it('the right code answers a page with a save button and no error; the button answers the zip', async () => {
    const { post, save, built, request, downloads } = await setup();
    const ready = await post(built.code.toLowerCase());
    expect(ready.status).toBe(200);
    const html = await ready.clone().text();
    expect(html).toContain('Your data is ready');
    expect(html).not.toContain('role="alert"');
    expect(await downloads()).toBe(0);
    const res = await save(ready);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${request.reference}-data.zip"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const files = unzip(new Uint8Array(await res.arrayBuffer()));
    expect(files.has('data.json')).toBe(true);
    expect(await downloads()).toBe(1);
  });

  it('shows a wrong code as an error, not in the success style, in a styled text field', async () => {
    const { post, built } = await setup();
    const html = await (await post(wrongCode(built.code))).text();
    expect(html).toMatch(/<p class="alert" role="alert">/);
    expect(html).not.toContain('class="notice"');
    expect(html).toMatch(/<input id="code" name="code" type="text"/);
  });

  it.each([
    ['a forged ticket', (t: string) => `${t.slice(0, -1)}${t.endsWith('0') ? '1' : '0'}`],
    [
      'a ticket with a later expiry',
      (t: string) => t.replace(/^[0-9a-z]+/, (e) => (Number.parseInt(e, 36) + 9e6).toString(36)),
    ],
    ['no ticket', () => ''],
  ])('refuses %s and asks for the code again', async (_, forge) => {
    const { app, post, built, request, downloads } = await setup();
    const html = await (await post(built.code)).text();
    const ticket = /name="ticket" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const res = await app.request(`/privacy-requests/download/${request.id}/file`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ticket: forge(ticket) }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Enter the code again');
    expect(await downloads()).toBe(0);
  });

  it('refuses a ticket after its 10 minutes', async () => {
    const { post, save, built, advance } = await setup();
    const ready = await post(built.code);
    advance(10 * 60_000);
    expect((await save(ready)).status).toBe(400);
  });

  it('gives one and the same 400 page for a wrong code, an unknown request and an expired package', async () => {
    const { post, built, advance, downloads, request } = await setup();
    const wrong = await post(wrongCode(built.code));
    const unknownId = crypto.randomUUID();
    const unknown = await post(built.code, unknownId);
    const empty = await post('');
    advance(7 * DAY_MS + 1);
    const expired = await post(built.code);
    // The form posts back to its own URL; apart from that id, the pages are the same.
    const text = async (r: Response) => (await r.text()).replaceAll(unknownId, request.id);
    const pages = await Promise.all([wrong, unknown, empty, expired].map(async (r) => [r.status, await text(r)]));
    expect(pages.map(([status]) => status)).toEqual([400, 400, 400, 400]);
    expect(new Set(pages.map(([, html]) => html)).size).toBe(1);
    expect(await downloads()).toBe(0);
  });

  it(`locks one client out after ${DOWNLOAD_GUESSES_PER_HOUR} wrong codes in an hour, not the requester`, async () => {
    const { post, built, advance } = await setup();
    for (let i = 0; i < DOWNLOAD_GUESSES_PER_HOUR; i++) {
      expect((await post(wrongCode(built.code), undefined, '198.51.100.7')).status).toBe(400);
    }
    // Locked even for the right code, so the lock cannot be probed; the requester elsewhere is not.
    expect((await post(built.code, undefined, '198.51.100.7')).status).toBe(429);
    expect((await post(built.code, undefined, '203.0.113.9')).status).toBe(200);
    advance(3_600_000);
    expect((await post(built.code, undefined, '198.51.100.7')).status).toBe(200);
  });

  it(`locks the request for everyone after ${DOWNLOAD_GUESSES_PER_ID_PER_HOUR} wrong codes from many clients`, async () => {
    const { post, built } = await setup();
    for (let i = 0; i < DOWNLOAD_GUESSES_PER_ID_PER_HOUR; i++) {
      expect((await post(wrongCode(built.code), undefined, `198.51.100.${i}`)).status).toBe(400);
    }
    expect((await post(built.code, undefined, '203.0.113.9')).status).toBe(429);
  });

  it('counts guesses per request: one locked request leaves another alone', async () => {
    const { post, built, deps, app } = await setup();
    for (let i = 0; i <= DOWNLOAD_GUESSES_PER_HOUR; i++) await post(wrongCode(built.code));
    const other = await seedRequest(deps, { email: 'bob@example.com' });
    const otherBuilt = await buildAndStoreExport(deps, other, []);
    const res = await app.request(`/privacy-requests/download/${other.id}`, {
      method: 'POST',
      body: new URLSearchParams({ code: otherBuilt.code }),
    });
    expect(res.status).toBe(200);
  });
});

describe('download from the SQLite store', () => {
  it('serves exactly the bytes that were stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'candor-download-'));
    const store = openSqliteRecordStore(join(dir, 'candor.sqlite'));
    try {
      const { post, save, built } = await setup(store);
      const res = await save(await post(built.code));
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(built.bytes));
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
