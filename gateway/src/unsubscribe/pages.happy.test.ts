import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import demo from '../../../candor.config.ts';
import { testApp } from '../testing.ts';
import { EMAIL, oneClickUrlencoded, storeSnapshot, suppressedLists, tokenFor } from './fixtures.ts';

function post(app: ReturnType<typeof testApp>['app'], token: string, fields: [string, string][]) {
  return app.request(`/u/${token}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The hidden `was` fields of the Undo form on a done page. */
function undoFields(html: string): [string, string][] {
  const form = /<form[^>]*>\s*<input type="hidden" name="action" value="restore"\/>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (form === undefined) throw new Error('no Undo form');
  return [
    ['action', 'restore'],
    ...[...form.matchAll(/name="was" value="([^"]+)"/g)].map((m): [string, string] => ['was', m[1] as string]),
  ];
}

describe('the email preference page', () => {
  it('offers the list, all lists and every configured list, for a masked address', async () => {
    const { app, deps } = testApp();
    const html = await (await app.request(`/u/${await tokenFor(deps)}`)).text();
    expect(html).toContain('<h1>Unsubscribe from Newsletter</h1>');
    expect(html).toContain('Unsubscribe from all marketing email');
    expect(html).toMatch(/name="subscribed" value="newsletter" checked/);
    expect(html).toMatch(/name="subscribed" value="product-updates" checked/);
    expect(html).toContain('a••••••@example.com');
    expect(html).not.toContain(EMAIL);
    expect(html).toContain('href="/privacy/requests"');
  });

  it('unsubscribes from one list, undoes it, then unsubscribes from all', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    const one = await post(app, token, [['action', 'list']]);
    expect(one.status).toBe(200);
    const oneHtml = await one.text();
    expect(oneHtml).toContain('You are unsubscribed from Newsletter.');
    expect(oneHtml).toContain('href="/privacy/requests"');
    expect(await suppressedLists(deps)).toEqual(['newsletter']);

    const undone = await post(app, token, undoFields(oneHtml));
    expect(await undone.text()).toContain('Undone');
    expect(await suppressedLists(deps)).toEqual([]);

    const all = await post(app, token, [['action', 'all']]);
    const allHtml = await all.text();
    expect(allHtml).toContain('You get no more: Newsletter, Product updates.');
    expect(await suppressedLists(deps)).toEqual(['*']);
    // The page now shows every list off.
    const page = await (await app.request(`/u/${token}`)).text();
    expect(page).toContain('<h1>You are unsubscribed from all our marketing email</h1>');
    expect(page).not.toMatch(/value="newsletter" checked/);
    expect((await storeSnapshot(deps)).changes.map((c) => `${c.change}:${c.list}:${c.source}`)).toEqual([
      'added:newsletter:page',
      'removed:newsletter:page',
      'added:*:page',
    ]);
  });

  it('saves per-list choices, and the link’s own list can lift "all"', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    await post(app, token, [['action', 'all']]);
    const saved = await post(app, token, [
      ['action', 'preferences'],
      ['subscribed', 'newsletter'],
    ]);
    expect(await saved.text()).toContain('Your email choices are saved.');
    expect(await suppressedLists(deps)).toEqual(['product-updates']);
  });

  it('a one-click POST then the Undo of its page restores the previous choices', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    const html = await (await app.request(`/u/${token}`, oneClickUrlencoded())).text();
    expect(await suppressedLists(deps)).toEqual(['newsletter']);
    await post(app, token, undoFields(html));
    expect(await suppressedLists(deps)).toEqual([]);
  });

  it('a form that is not one of the page’s changes nothing and says so', async () => {
    const { app, deps } = testApp();
    const token = await tokenFor(deps);
    for (const fields of [[], [['action', 'erase']], [['List-Unsubscribe', 'Yes']]] as [string, string][][]) {
      const res = await post(app, token, fields);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Nothing was changed');
    }
    expect(await suppressedLists(deps)).toEqual([]);
  });

  it('queues a webhook per change and target with the email, and wakes the dispatcher', async () => {
    const config = parseConfig(
      {
        ...demo,
        webhooks: [
          {
            id: 'esp',
            url: 'https://esp.example/hook',
            events: ['unsubscribe.created', 'unsubscribe.deleted'],
            secretEnv: 'ESP_SECRET',
          },
          { id: 'crm', url: 'https://crm.example/hook', events: ['unsubscribe.created'], secretEnv: 'CRM_SECRET' },
        ],
      },
      'test',
    );
    let wakes = 0;
    const { app, deps } = testApp({ config, wakeOutbox: () => void wakes++ });
    const token = await tokenFor(deps);
    const html = await (await app.request(`/u/${token}`, oneClickUrlencoded())).text();
    await post(app, token, undoFields(html));
    const outbox = (await storeSnapshot(deps)).outbox.reverse();
    expect(outbox.map((m) => `${m.type}:${m.target}:${m.list}:${m.email}`)).toEqual([
      `unsubscribe.created:esp:newsletter:${EMAIL}`,
      `unsubscribe.created:crm:newsletter:${EMAIL}`,
      `unsubscribe.deleted:esp:newsletter:${EMAIL}`,
    ]);
    expect(outbox[0]?.eventId).toBe(outbox[1]?.eventId);
    expect(wakes).toBe(2);
  });
});
