// What happens when several people name one address (issue 16, items 6 and 7): nobody's own
// request is dropped, the latest submission's content is what gets confirmed, and the confirm
// page shows it and confirms exactly what it showed.
import { describe, expect, it } from 'vitest';
import { dueDate } from './deadlines.ts';
import { appAt, EMAIL, queuedMail, submitJson, tokenIn, webhookConfig } from './routes.fixtures.ts';

const T0 = '2026-03-10T09:00:00.000Z';
const MINUTE = 60 * 1000;
const ATTACKER = { type: 'erase', email: EMAIL, jurisdiction: 'ccpa', locale: 'de', details: 'Sent by someone else.' };
const MINE = { type: 'erase', email: EMAIL, jurisdiction: 'gdpr', locale: 'en', details: 'Delete my account, please.' };

type App = ReturnType<typeof appAt>['app'];

async function confirmPage(app: App, token: string) {
  const res = await app.request(`/privacy-requests/verify/${token}`);
  const html = await res.text();
  const version = /name="content" value="([0-9a-f]{64})"/.exec(html)?.[1] ?? '';
  return { status: res.status, html, version };
}

function confirm(app: App, token: string, version?: string) {
  const init: RequestInit =
    version === undefined
      ? { method: 'POST' }
      : {
          method: 'POST',
          body: new URLSearchParams({ content: version }),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        };
  return app.request(`/privacy-requests/verify/${token}`, init);
}

describe('someone else naming my address does not drop my request', () => {
  it('gives each request type its own mail budget: a flood of other types leaves mine alone', async () => {
    const { app, deps } = appAt(T0);
    for (const type of ['access', 'port', 'restrict', 'object']) {
      for (let i = 0; i < 2; i++) await submitJson(app, { type, email: EMAIL });
    }
    expect((await submitJson(app, MINE)).status).toBe(202);
    const erase = (await deps.records.requests.list({ limit: 10 })).find((r) => r.type === 'erase');
    expect(erase).toMatchObject({ details: MINE.details, status: 'unverified' });
    const link = (await queuedMail(deps)).find((m) => m.requestId === erase?.id);
    expect((await confirmPage(app, tokenIn(link))).status).toBe(200);
  });

  it('files my submission after others spent the budget of my type, and the link already mailed confirms mine', async () => {
    const { app, deps } = appAt(T0);
    for (let i = 0; i < 3; i++) await submitJson(app, ATTACKER);
    const before = await queuedMail(deps);
    expect((await submitJson(app, MINE)).status).toBe(202);
    // No further mail to the address: the link it got last still works…
    expect(await queuedMail(deps)).toEqual(before);
    const token = tokenIn(before.at(-1));
    // …and confirms what I sent, not what came before.
    const page = await confirmPage(app, token);
    expect(page.html).toContain(MINE.details);
    expect(page.html).not.toContain(ATTACKER.details);
    expect((await confirm(app, token, page.version)).status).toBe(200);
    const [request] = await deps.records.requests.list({ limit: 10 });
    expect(request).toMatchObject({ status: 'verified', details: MINE.details, jurisdiction: 'gdpr', locale: 'en' });
    const events = await deps.records.requests.events(request?.id ?? '');
    expect(events.filter((e) => e.kind === 'received').at(-1)?.detail).toMatchObject({ limit: 'address_limit' });
  });

  it('holds a link for my own address after aliases of my mailbox spent its budget', async () => {
    const { app, deps } = appAt(T0);
    for (const alias of ['bob+1@gmail.com', 'b.ob@gmail.com', 'bob@googlemail.com']) {
      await submitJson(app, { type: 'erase', email: alias });
    }
    expect((await submitJson(app, { ...MINE, email: 'bob@gmail.com' })).status).toBe(202);
    const due = (ms: number) => deps.records.mailQueue.due(new Date(Date.parse(T0) + ms), 100);
    expect((await due(0)).some((m) => m.to === 'bob@gmail.com')).toBe(false);
    const held = (await due(20 * MINUTE)).find((m) => m.to === 'bob@gmail.com');
    expect(held).toBeDefined();
    expect((await confirmPage(app, tokenIn(held))).html).toContain(MINE.details);
  });

  it('keeps a request filed while even the held slot is taken, and mails it on a repeat once a slot is free', async () => {
    const { app, deps, advance } = appAt(T0);
    for (const alias of ['bob+1@gmail.com', 'bob+2@gmail.com', 'bob+3@gmail.com', 'bob+4@gmail.com']) {
      await submitJson(app, { type: 'erase', email: alias });
    }
    await submitJson(app, { ...MINE, email: 'bob@gmail.com' });
    const [mine] = (await deps.records.requests.list({ limit: 10 })).filter((r) => r.email === 'bob@gmail.com');
    expect(mine).toMatchObject({ status: 'unverified', details: MINE.details });
    const events = await deps.records.requests.events(mine?.id ?? '');
    expect(events.map((e) => [e.kind, e.detail])).toEqual([
      ['received', { type: 'erase', jurisdiction: 'gdpr', limit: 'address_limit' }],
    ]);
    expect((await queuedMail(deps)).some((m) => m.to === 'bob@gmail.com')).toBe(false);
    // The page says to send the form again if nothing arrives; once a slot is free, that works.
    advance(30 * MINUTE);
    await submitJson(app, { ...MINE, email: 'bob@gmail.com' });
    const link = (await queuedMail(deps)).find((m) => m.to === 'bob@gmail.com');
    expect((await confirmPage(app, tokenIn(link))).status).toBe(200);
    expect(await deps.records.requests.count()).toBe(5);
  });
});

describe('the latest submission is what gets confirmed', () => {
  it('confirms the repeat’s details, jurisdiction and locale, not the first submission’s', async () => {
    const { app, deps } = appAt(T0, { config: webhookConfig });
    await submitJson(app, ATTACKER);
    await submitJson(app, MINE);
    const token = tokenIn((await queuedMail(deps)).at(-1));
    const page = await confirmPage(app, token);
    expect(page.html).toContain('In the EU, the UK or elsewhere: we answer within one month');
    expect(page.html).toContain('English');
    expect((await confirm(app, token, page.version)).status).toBe(200);

    const [request] = await deps.records.requests.list({ limit: 1 });
    expect(request).toMatchObject({ details: MINE.details, jurisdiction: 'gdpr', locale: 'en' });
    expect(request?.dueAt).toEqual(dueDate(new Date(T0), 'gdpr', 'Europe/Berlin'));
    const receipt = (await queuedMail(deps)).find((m) => m.to === EMAIL && m.text.includes(request?.reference ?? '-'));
    expect(receipt?.subject).toMatch(/privacy request/i); // English, not German
    const outbox = await deps.records.outbox.list({ limit: 10 });
    expect(outbox.map((m) => (m.data as { jurisdiction?: string } | null)?.jurisdiction)).toEqual(['gdpr', 'gdpr']);
  });

  it('shows everything it will confirm on the confirm page, escaped', async () => {
    const { app, deps } = appAt(T0);
    await submitJson(app, {
      type: 'rectify',
      email: EMAIL,
      jurisdiction: 'ccpa',
      locale: 'de',
      details: 'My <b>name</b>',
      rectification: 'Lovelace, not Loveless',
    });
    const { html } = await confirmPage(app, tokenIn((await queuedMail(deps)).at(-1)));
    for (const text of [
      'Correct your data',
      'a••••••@example.com',
      'In California: we answer within 45 days',
      'Deutsch',
      'My &lt;b&gt;name&lt;/b&gt;',
      'Lovelace, not Loveless',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain('<b>name</b>');
  });

  it('confirms only what the page showed: a change in between shows the new content and confirms nothing', async () => {
    const { app, deps } = appAt(T0);
    for (let i = 0; i < 3; i++) await submitJson(app, MINE);
    const token = tokenIn((await queuedMail(deps)).at(-1));
    const shown = await confirmPage(app, token);
    // Over the budget, so the link stays the same while the content changes.
    await submitJson(app, ATTACKER);
    const res = await confirm(app, token, shown.version);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('This request was changed after you opened the page');
    expect(html).toContain(ATTACKER.details);
    expect((await deps.records.requests.list({ limit: 1 }))[0]?.status).toBe('unverified');
    // Confirming the page that shows the new content confirms it.
    const again = /name="content" value="([0-9a-f]{64})"/.exec(html)?.[1];
    expect(again).not.toBe(shown.version);
    expect((await confirm(app, token, again)).status).toBe(200);
    expect((await deps.records.requests.list({ limit: 1 }))[0]).toMatchObject({
      status: 'verified',
      jurisdiction: 'ccpa',
    });
  });
});
