import { createUnsubscribeLink } from '@candor/mail-links';
import { describe, expect, it } from 'vitest';
import { createMemoryRecordStore } from '../store/memory/records.ts';
import { TEST_SECRET, testApp } from '../testing.ts';
import { EMAIL, oneClickUrlencoded, storeSnapshot, suppressedLists, tokenFor } from './fixtures.ts';
import { createLinkKeys } from './keys.ts';

const OTHER_SECRET = 'another-secret-that-is-long-enough-0123456789';

/** Base64url with one bit of one character flipped, staying in the alphabet. */
function flip(token: string, at: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const i = alphabet.indexOf(token[at] as string);
  return `${token.slice(0, at)}${alphabet[i ^ 1]}${token.slice(at + 1)}`;
}

describe('unsubscribe tokens that are not genuine', () => {
  it('forged, truncated, bit-flipped and other-key tokens get the same 400 page and change nothing', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    const foreign = await tokenFor(deps, 'newsletter', EMAIL, await createLinkKeys([OTHER_SECRET]));
    const [kid = '', payload = ''] = token.split('.');
    const bad = [
      'not-a-token',
      `${kid}.`,
      `${kid}.${'A'.repeat(payload.length)}`,
      token.slice(0, -1),
      token.slice(0, token.length / 2),
      flip(token, 0),
      flip(token, kid.length + 1),
      flip(token, kid.length + 20),
      flip(token, token.length - 1),
      foreign,
      `${foreign.split('.')[0]}.${payload}`,
    ];
    const pages = new Set<string>();
    for (const t of bad) {
      for (const init of [{}, oneClickUrlencoded()]) {
        const res = await app.request(`/u/${encodeURIComponent(t)}`, init);
        expect(res.status, t).toBe(400);
        const html = await res.text();
        expect(html).not.toMatch(/expired|unknown_key|malformed|invalid key|signature/i);
        expect(html).not.toContain(EMAIL);
        pages.add(html.replace(/\/u\/[^"]*/g, ''));
      }
    }
    expect(pages.size).toBe(1);
    expect((await storeSnapshot(deps)).rows).toEqual([]);
  });

  it('a token for one list cannot unsubscribe or resubscribe another', async () => {
    const { app, deps } = testApp();
    const newsletter = await tokenFor(deps, 'newsletter');
    const updates = await tokenFor(deps, 'product-updates');
    await app.request(`/u/${newsletter}`, oneClickUrlencoded());
    expect(await suppressedLists(deps)).toEqual(['newsletter']);

    // The product-updates link asks for everything back: only its own list may come back.
    const post = (fields: string) =>
      app.request(`/u/${updates}`, {
        method: 'POST',
        body: fields,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const res = await post('action=preferences&subscribed=newsletter&subscribed=product-updates');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Newsletter stays off');
    expect(await suppressedLists(deps)).toEqual(['newsletter']);
    await post('action=restore');
    expect(await suppressedLists(deps)).toEqual(['newsletter']);
    // Its one-click touches only product-updates.
    await app.request(`/u/${updates}`, oneClickUrlencoded());
    expect(await suppressedLists(deps)).toEqual(['newsletter', 'product-updates']);
  });

  it('links made before a secret rotation still work, and earlier suppressions still count', async () => {
    const records = createMemoryRecordStore();
    const before = testApp({ records });
    const oldToken = await tokenFor(before.deps);
    await before.app.request(`/u/${oldToken}`, oneClickUrlencoded());

    const rotated = await createLinkKeys([OTHER_SECRET, TEST_SECRET]);
    const after = testApp({ records, links: rotated });
    const page = await after.app.request(`/u/${oldToken}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>You are unsubscribed from Newsletter</h1>');
    // A link from after the rotation uses the new key and still sees the old suppression.
    const newToken = await tokenFor(after.deps);
    expect(newToken.split('.')[0]).not.toBe(oldToken.split('.')[0]);
    expect(await (await after.app.request(`/u/${newToken}`)).text()).toContain('You are unsubscribed from Newsletter');

    // Once the old secret is dropped, its links stop working.
    const dropped = testApp({ records, links: await createLinkKeys([OTHER_SECRET]) });
    expect((await dropped.app.request(`/u/${oldToken}`)).status).toBe(400);
  });

  it('limits POSTs per client', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const init = oneClickUrlencoded();
      const res = await app.request(`/u/${token}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), 'x-test-peer': '198.51.100.7' },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    // Another client is not affected.
    const other = await app.request(`/u/${token}`, oneClickUrlencoded());
    expect(other.status).toBe(200);
  });

  it('keeps emails out of the store rows, the change feed and the logs', async () => {
    const { app, deps, logs } = testApp();
    const token = await tokenFor(deps);
    await app.request(`/u/${token}`);
    await app.request(`/u/${token}`, oneClickUrlencoded());
    const snapshot = JSON.stringify(await storeSnapshot(deps));
    expect(snapshot).not.toContain(EMAIL);
    expect(snapshot).not.toContain('ann.example');
    expect(logs()).not.toContain('ann.example');
    expect(logs()).not.toContain(token);
    // With no webhook configured, the plaintext is never written at all.
    expect((await storeSnapshot(deps)).outbox).toEqual([]);
  });

  it('a link for a list removed from the config no longer works', async () => {
    const { app, deps } = testApp();
    const link = await createUnsubscribeLink(deps.links.keyring, {
      email: EMAIL,
      list: 'old-list',
      baseUrl: 'http://localhost',
    });
    expect((await app.request(`/u/${link.token}`)).status).toBe(400);
  });
});
