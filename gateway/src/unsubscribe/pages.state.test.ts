// Issue 16, item 19: the page says where the address stands, and what this link can change.
import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { oneClickUrlencoded, postPage, suppressedLists, tokenFor } from './fixtures.ts';

const post = postPage;

/** The Undo form of a done page, as the browser would post it. */
function undoOf(html: string): [string, string][] {
  const form = /value="restore"\/>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (form === undefined) throw new Error('no Undo form');
  return [
    ['action', 'restore'],
    ...[...form.matchAll(/name="was" value="([^"]+)"/g)].map((m): [string, string] => ['was', m[1] as string]),
  ];
}

const h1 = (html: string) => /<h1>(.*?)<\/h1>/.exec(html)?.[1];
const status = (html: string) => /role="status">(.*?)<\/p>/.exec(html)?.[1];
/** The checkbox of one list, as rendered. */
const checkbox = (html: string, list: string) =>
  new RegExp(`<input type="checkbox"[^>]*value="${list}"[^>]*/>`).exec(html)?.[0];

describe('the unsubscribe page states where the address stands', () => {
  it('undoing an Undo says what it switched off again, not "as they were"', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    const all = await (await post(app, token, [['action', 'all']])).text();
    const undone = await (await post(app, token, undoOf(all))).text();
    expect(status(undone)).toBe('Undone: you get Newsletter and Product updates again.');
    expect(await suppressedLists(deps)).toEqual([]);

    const redone = await (await post(app, token, undoOf(undone))).text();
    expect(await suppressedLists(deps)).toEqual(['*']);
    expect(status(redone)).toBe('Undone: you are unsubscribed from all our marketing email again.');
    expect(redone).not.toContain('as they were');
    expect(redone).toContain('You get no more: Newsletter, Product updates.');
    expect(redone).not.toContain('You get:');
  });

  it('a revisit after unsubscribing says so and offers to resubscribe', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    await app.request(`/u/${token}`, oneClickUrlencoded());
    const page = await (await app.request(`/u/${token}`)).text();
    expect(h1(page)).toBe('You are unsubscribed from Newsletter');
    expect(page).not.toContain('<button type="submit">Unsubscribe from Newsletter</button>');
    expect(page).toContain('Resubscribe to Newsletter');
    const back = await (await post(app, token, [['action', 'resubscribe']])).text();
    expect(status(back)).toBe('You get Newsletter again.');
    expect(await suppressedLists(deps)).toEqual([]);

    // After "all", Resubscribe brings back this link's list only.
    await post(app, token, [['action', 'all']]);
    const allPage = await (await app.request(`/u/${token}`)).text();
    expect(h1(allPage)).toBe('You are unsubscribed from all our marketing email');
    expect(allPage).not.toContain('Unsubscribe from all marketing email');
    await post(app, token, [['action', 'resubscribe']]);
    expect(await suppressedLists(deps)).toEqual(['product-updates']);
  });

  it('a list this link may not switch back on is shown locked, with why and what works instead', async () => {
    const { app, deps } = testApp();
    await app.request(`/u/${await tokenFor(deps, 'product-updates')}`, oneClickUrlencoded());
    const page = await (await app.request(`/u/${await tokenFor(deps, 'newsletter')}`)).text();
    expect(checkbox(page, 'product-updates')).toMatch(/disabled/);
    expect(checkbox(page, 'product-updates')).not.toMatch(/checked/);
    expect(page).toContain('Product updates<span class="locked"> (stays off)</span>');
    expect(page).toContain('use the unsubscribe link in an email from Product updates');
    // The link's own list stays a normal, checked box.
    expect(checkbox(page, 'newsletter')).toMatch(/checked/);
    expect(checkbox(page, 'newsletter')).not.toMatch(/disabled/);
  });

  it('a list switched off outside the links is locked on its own link too, and names the privacy contact', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps, 'newsletter');
    await app.request(`/u/${token}`, oneClickUrlencoded());
    const [row] = await deps.records.suppressions.list({ limit: 1 });
    if (!row) throw new Error('no row');
    // The sender's system reports a complaint for the same list: its row now.
    await deps.records.suppressions.add([
      { emailHash: row.emailHash, list: row.list, source: 'api', at: new Date(), outbox: [] },
    ]);
    const page = await (await app.request(`/u/${token}`)).text();
    expect(h1(page)).toBe('You are unsubscribed from Newsletter');
    expect(page).not.toContain('Resubscribe to Newsletter');
    expect(checkbox(page, 'newsletter')).toMatch(/disabled/);
    expect(page).toContain('no link can switch it back on');
    expect(page).toContain(deps.config.company.privacyContact);
    const res = await (await post(app, token, [['action', 'resubscribe']])).text();
    expect(status(res)).toBe('Nothing was changed: Newsletter stays off.');
    expect(await suppressedLists(deps)).toEqual(['newsletter']);
  });
});
