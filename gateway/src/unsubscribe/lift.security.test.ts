// Issue 16, item 4: a link may lift only what a link made for its own list. The link is a bearer
// token that a forwarded email or anyone with an `unsubscribe:write` key also holds.
import { describe, expect, it } from 'vitest';
import { form, signedIn } from '../admin/fixtures.ts';
import type { AppDeps } from '../app.ts';
import { seedRequest, testUnsubscribe } from '../requests/workflow.fixtures.ts';
import { completeRequest } from '../requests/workflow.ts';
import { testAdmin, testApp } from '../testing.ts';
import { apiKey, EMAIL, oneClickUrlencoded, postPage, suppressedLists, tokenFor } from './fixtures.ts';

type App = ReturnType<typeof testApp>['app'];

const post = postPage;

/** Every way the page lets a link ask for lists back: the Undo, the checkboxes, Resubscribe. */
async function askEverythingBack(app: App, token: string) {
  await post(app, token, [['action', 'restore']]);
  await post(app, token, [
    ['action', 'preferences'],
    ['subscribed', 'newsletter'],
    ['subscribed', 'product-updates'],
  ]);
  await post(app, token, [['action', 'resubscribe']]);
}

/** An objection (Art. 21 GDPR) filed, verified and completed by the officer, as the workflow does it. */
async function objection(deps: AppDeps) {
  const unsubscribe = testUnsubscribe(deps.config, deps.records, () => Date.now());
  const request = await seedRequest(
    { config: deps.config, records: deps.records, unsubscribe },
    { type: 'object', email: EMAIL, receivedAt: new Date() },
  );
  await completeRequest(
    { config: deps.config, records: deps.records, unsubscribe, now: Date.now },
    request.id,
    'officer',
  );
}

async function officerEntry(app: App, deps: AppDeps, list: string) {
  const { headers, csrf } = await signedIn(app, deps, 'privacy');
  const res = await app.request('/admin/suppressions', form({ _csrf: csrf, email: EMAIL, list }, headers));
  expect(res.status).toBe(303);
}

async function apiEntry(app: App, deps: AppDeps, list: string) {
  const res = await app.request('/api/suppressions', {
    method: 'POST',
    body: JSON.stringify({ email: EMAIL, list }),
    headers: { 'content-type': 'application/json', ...(await apiKey(deps, ['unsubscribe:write'])) },
  });
  expect(res.status).toBeLessThan(300);
}

describe('what an unsubscribe link may lift', () => {
  describe.each([
    ['an objection (Art. 21)', (_app: App, deps: AppDeps) => objection(deps)],
    ['the officer', (app: App, deps: AppDeps) => officerEntry(app, deps, '*')],
    ['the API', (app: App, deps: AppDeps) => apiEntry(app, deps, '*')],
  ])('an unsubscribe link cannot lift a suppression made by %s', (_name, suppress) => {
    it('on an address no link had touched', async () => {
      const { app, deps } = testApp();
      await suppress(app, deps);
      for (const list of ['newsletter', 'product-updates']) await askEverythingBack(app, await tokenFor(deps, list));
      expect(await suppressedLists(deps)).toEqual(['*']);
      expect((await deps.records.suppressions.list({ limit: 10 }))[0]?.source).not.toMatch(/page|one-click/);
    });

    it('on an address that had already left every list through a link', async () => {
      const { app, deps } = testApp();
      const token = await tokenFor(deps, 'newsletter');
      await post(app, token, [['action', 'all']]);
      await suppress(app, deps);
      await askEverythingBack(app, token);
      expect(await suppressedLists(deps)).toEqual(['*']);
    });
  });

  it.each([
    ['the officer', officerEntry],
    ['the API', apiEntry],
  ])('the link of a list cannot lift that list when %s suppressed it', async (_name, suppress) => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps, 'newsletter');
    await app.request(`/u/${token}`, oneClickUrlencoded());
    await suppress(app, deps, 'newsletter');
    await askEverythingBack(app, token);
    expect(await suppressedLists(deps)).toEqual(['newsletter']);
  });

  it('a link lifts only its own list’s link-made suppression', async () => {
    const { app, deps } = testApp();
    const newsletter = await tokenFor(deps, 'newsletter');
    const updates = await tokenFor(deps, 'product-updates');
    await app.request(`/u/${newsletter}`, oneClickUrlencoded());
    await app.request(`/u/${updates}`, oneClickUrlencoded());
    // The newsletter link lifts the newsletter's row, not product updates'.
    await askEverythingBack(app, newsletter);
    expect(await suppressedLists(deps)).toEqual(['product-updates']);

    // "All lists" made through the product-updates link is not the newsletter link's to lift...
    await post(app, updates, [['action', 'all']]);
    await askEverythingBack(app, newsletter);
    expect(await suppressedLists(deps)).toEqual(['*', 'product-updates']);
    // ...but the link that made it may undo it.
    await post(app, updates, [
      ['action', 'restore'],
      ['was', 'product-updates'],
    ]);
    expect(await suppressedLists(deps)).toEqual(['product-updates']);
  });

  it('a link minted with an unsubscribe:write key cannot lift what was switched off before it was issued', async () => {
    let now = Date.now();
    const { app, deps } = testApp({ admin: testAdmin({ now: () => now }) });
    const original = await tokenFor(deps, 'newsletter');
    await post(app, original, [['action', 'all']]);
    await app.request(`/u/${original}`, oneClickUrlencoded());
    expect(await suppressedLists(deps)).toEqual(['*', 'newsletter']);

    now += 60 * 60_000;
    const auth = await apiKey(deps, ['unsubscribe:write']);
    for (const list of ['newsletter', 'product-updates']) {
      const res = await app.request('/api/unsubscribe-links', {
        method: 'POST',
        body: JSON.stringify({ email: EMAIL, list }),
        headers: { 'content-type': 'application/json', ...auth },
      });
      const { url } = (await res.json()) as { url: string };
      await askEverythingBack(app, url.split('/u/')[1] as string);
    }
    expect(await suppressedLists(deps)).toEqual(['*', 'newsletter']);
    // The link the address left with still undoes it, an hour later.
    await askEverythingBack(app, original);
    expect(await suppressedLists(deps)).toEqual([]);
  });
});
