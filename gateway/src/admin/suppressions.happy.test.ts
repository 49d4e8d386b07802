import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import demo from '../../../candor.config.ts';
import { testApp } from '../testing.ts';
import { EMAIL, oneClickUrlencoded, tokenFor } from '../unsubscribe/fixtures.ts';
import { form, signedIn } from './fixtures.ts';

describe('/admin/suppressions', () => {
  it('looks an address up by its hash, without putting it in a URL', async () => {
    const { app, deps } = testApp();
    await app.request(`/u/${await tokenFor(deps)}`, oneClickUrlencoded());
    const { headers, csrf } = await signedIn(app, deps, 'privacy');
    const found = await app.request(
      '/admin/suppressions/search',
      form({ _csrf: csrf, email: ` ${EMAIL.toUpperCase()}` }, headers),
    );
    expect(found.status).toBe(200);
    expect(await found.text()).toMatch(
      /ann\.example@example\.com gets no more: Newsletter \(Newsletter since .* UTC, one-click\)/,
    );
    const missing = await app.request(
      '/admin/suppressions/search',
      form({ _csrf: csrf, email: 'bob@example.com' }, headers),
    );
    expect(await missing.text()).toContain('bob@example.com is not suppressed.');
    const bad = await app.request('/admin/suppressions/search', form({ _csrf: csrf, email: 'bob' }, headers));
    expect(bad.status).toBe(400);
  });

  it('adds a suppression by hand, audited without the address, and exports hashes as CSV', async () => {
    const { app, deps, logs } = testApp();
    const { headers, csrf } = await signedIn(app, deps, 'privacy');
    const add = await app.request(
      '/admin/suppressions',
      form({ _csrf: csrf, email: 'Bob@Example.com', list: '*' }, headers),
    );
    expect(add.status).toBe(303);
    expect(add.headers.get('location')).toBe('/admin/suppressions?notice=added');
    const again = await app.request(
      '/admin/suppressions',
      form({ _csrf: csrf, email: 'bob@example.com', list: '*' }, headers),
    );
    expect(again.headers.get('location')).toBe('/admin/suppressions?notice=exists');
    const wrongList = await app.request(
      '/admin/suppressions',
      form({ _csrf: csrf, email: 'bob@example.com', list: 'x' }, headers),
    );
    expect(wrongList.status).toBe(400);

    const [row] = await deps.records.suppressions.list({ limit: 10 });
    expect(row).toMatchObject({ list: '*', source: 'admin' });
    const [entry] = await deps.records.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'suppression.added', target: `suppression:${row?.emailHash.slice(0, 12)}` });
    expect(JSON.stringify(entry)).not.toContain('bob');

    const csv = await app.request('/admin/suppressions.csv', { headers });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toMatch(
      new RegExp(`^email_hash,list,source,created_at\\r\\n${row?.emailHash},\\*,admin,20`),
    );
    const page = await (await app.request('/admin/suppressions', { headers })).text();
    expect(page).toContain('1 suppression');
    expect(page).toContain(`${row?.emailHash.slice(0, 12)}…`);
    expect(logs()).not.toContain('bob@');
  });

  it('lists failed deliveries and retries one', async () => {
    const config = parseConfig(
      {
        ...demo,
        webhooks: [{ id: 'esp', url: 'https://esp.example/hook', events: ['unsubscribe.created'], secretEnv: 'ESP' }],
      },
      'test',
    );
    let wakes = 0;
    const { app, deps } = testApp({ config, wakeOutbox: () => void wakes++ });
    await app.request(`/u/${await tokenFor(deps)}`, oneClickUrlencoded());
    const [message] = await deps.records.outbox.list({ limit: 1 });
    if (!message) throw new Error('no outbox message');
    await deps.records.outbox.failed(message.id, { error: 'HTTP 500', at: new Date(), retryAt: null });

    const { headers, csrf } = await signedIn(app, deps, 'admin');
    const page = await (await app.request('/admin/suppressions', { headers })).text();
    expect(page).toContain('<strong>Failed: 1</strong>');
    expect(page).toContain('HTTP 500');
    const retry = await app.request(
      `/admin/suppressions/deliveries/${message.id}/retry`,
      form({ _csrf: csrf }, headers),
    );
    expect(retry.status).toBe(303);
    expect(await deps.records.outbox.counts()).toEqual({ pending: 1, delivered: 0, dead: 0 });
    expect(wakes).toBe(2);
  });
});
