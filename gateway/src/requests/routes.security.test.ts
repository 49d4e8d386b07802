import { describe, expect, it } from 'vitest';
import { newToken } from './intake.ts';
import {
  appAt,
  EMAIL,
  queuedMail,
  snapshot,
  submitAndGetToken,
  submitForm,
  submitJson,
  webhookConfig,
} from './routes.fixtures.ts';

const T0 = '2026-03-10T09:00:00.000Z';
const HOUR = 60 * 60 * 1000;

async function shape(res: Response) {
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe.each([
  ['JSON', submitJson],
  ['form', submitForm],
] as const)('enumeration (%s)', (_, submit) => {
  it('answers a new address, a known one, a repeat, a bot and a flooded address byte for byte the same', async () => {
    const { app, deps } = appAt(T0);
    const send = (email: string, extra: Record<string, string> = {}) =>
      submit(app, { type: 'erase', email, details: 'Please delete everything.', ...extra });

    const fresh = await shape(await send('new.person@example.com'));
    // An address with a verified request already.
    const token = await submitAndGetToken(app, deps, { type: 'erase', email: EMAIL });
    await app.request(`/privacy-requests/verify/${token}`, { method: 'POST' });
    const known = await shape(await send(EMAIL));
    const repeat = await shape(await send('new.person@example.com'));
    const before = await snapshot(deps);
    const bot = await shape(await send('bot.target@example.com', { website: 'https://spam.example' }));
    // The bot got nothing: no request, no mail.
    expect(await snapshot(deps)).toEqual(before);
    // new.person has had 2 of its 3 erase mails this hour: the third is sent, and the fourth, over
    // the budget, amends the pending request (whose link went out) without a mail.
    await send('new.person@example.com');
    const flooded = await shape(await send('new.person@example.com'));

    expect(fresh.status).toBe(202);
    for (const other of [known, repeat, bot, flooded]) expect(other).toEqual(fresh);
    expect(before.requests.some((r) => r.email === 'bot.target@example.com')).toBe(false);
    const after = await snapshot(deps);
    expect(after.requests.filter((r) => r.email === 'new.person@example.com')).toHaveLength(1);
    // One live link at a time: each new link replaced the unsent mail of the one before.
    expect(after.mail.filter((m) => m.to === 'new.person@example.com')).toHaveLength(1);
    const pending = after.requests.findIndex((r) => r.email === 'new.person@example.com');
    const received = (after.events[pending] ?? []).filter((e) => e.kind === 'received');
    expect(received.map((e) => e.detail)).toEqual([
      { type: 'erase', jurisdiction: 'gdpr' },
      { type: 'erase', jurisdiction: 'gdpr', resubmitted: true },
      { type: 'erase', jurisdiction: 'gdpr', resubmitted: true },
      { type: 'erase', jurisdiction: 'gdpr', resubmitted: true, limit: 'address_limit' },
    ]);
  });
});

describe('GET /privacy-requests/verify/:token', () => {
  it('changes nothing, however often it is fetched (link scanners)', async () => {
    const { app, deps } = appAt(T0, { config: webhookConfig });
    const token = await submitAndGetToken(app, deps, { type: 'erase', email: EMAIL });
    const before = await snapshot(deps);
    for (let i = 0; i < 3; i++) {
      expect((await app.request(`/privacy-requests/verify/${token}`)).status).toBe(200);
      expect((await app.request(`/privacy-requests/verify/${token}`, { method: 'HEAD' })).status).toBe(200);
    }
    expect(await snapshot(deps)).toEqual(before);
    // And the link still works afterwards.
    expect((await app.request(`/privacy-requests/verify/${token}`, { method: 'POST' })).status).toBe(200);
  });
});

describe('POST /privacy-requests/verify/:token', () => {
  const invalidPage = (html: string) => {
    expect(html).toContain('<h1>This link does not work</h1>');
    expect(html).toContain('href="/privacy/requests"');
  };

  it('works once: a replayed token gets the invalid-link page and changes nothing', async () => {
    const { app, deps } = appAt(T0, { config: webhookConfig });
    const token = await submitAndGetToken(app, deps, { type: 'erase', email: EMAIL });
    expect((await app.request(`/privacy-requests/verify/${token}`, { method: 'POST' })).status).toBe(200);
    const after = await snapshot(deps);
    for (const method of ['POST', 'GET']) {
      const res = await app.request(`/privacy-requests/verify/${token}`, { method });
      expect(res.status).toBe(400);
      invalidPage(await res.text());
    }
    expect(await snapshot(deps)).toEqual(after);
  });

  it('refuses a token older than 24 hours', async () => {
    const { app, deps, advance } = appAt(T0);
    const token = await submitAndGetToken(app, deps, { type: 'access', email: EMAIL });
    advance(24 * HOUR);
    const before = await snapshot(deps);
    for (const method of ['GET', 'POST']) {
      const res = await app.request(`/privacy-requests/verify/${token}`, { method });
      expect(res.status).toBe(400);
      invalidPage(await res.text());
    }
    expect(await snapshot(deps)).toEqual(before);
    expect(before.requests[0]?.status).toBe('unverified');
  });

  it('answers every bad token with the same page, which reveals nothing', async () => {
    const { app, deps } = appAt(T0);
    const real = await submitAndGetToken(app, deps, { type: 'access', email: EMAIL });
    const pages = new Set<string>();
    for (const token of [
      newToken(),
      'short',
      `${real}x`,
      real.toLowerCase() === real ? newToken() : real.toLowerCase(),
    ]) {
      for (const method of ['GET', 'POST']) {
        const res = await app.request(`/privacy-requests/verify/${encodeURIComponent(token)}`, { method });
        expect(res.status).toBe(400);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        const html = await res.text();
        expect(html).not.toContain(token);
        expect(html).not.toContain('example.com');
        pages.add(html);
      }
    }
    expect(pages.size).toBe(1);
    expect((await snapshot(deps)).requests[0]?.status).toBe('unverified');
  });
});

describe('rate limits', () => {
  it('answers the sixth submission of a client within an hour 429 (a page for a form post)', async () => {
    const { app, deps, advance } = appAt(T0);
    const peer = { 'x-test-peer': '198.51.100.7' };
    for (let i = 0; i < 5; i++) {
      expect((await submitJson(app, { type: 'access', email: `p${i}@example.com` }, peer)).status).toBe(202);
    }
    const json = await submitJson(app, { type: 'access', email: 'p5@example.com' }, peer);
    expect(json.status).toBe(429);
    expect(json.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(json.headers.get('retry-after'))).toBeGreaterThan(0);
    const form = await submitForm(app, { type: 'access', email: 'p5@example.com' }, peer);
    expect(form.status).toBe(429);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    expect(form.headers.get('retry-after')).toBeTruthy();
    expect(await form.text()).toContain('<h1>Too many requests</h1>');
    expect((await submitJson(app, { type: 'access', email: 'p5@example.com' })).status).toBe(202);
    expect(await queuedMail(deps)).toHaveLength(6);
    advance(HOUR);
    expect((await submitJson(app, { type: 'access', email: 'p6@example.com' }, peer)).status).toBe(202);
  });

  it('sends a mailbox at most 3 verification mails a type and hour, whatever alias or client, and holds 1 more', async () => {
    const { app, deps, advance } = appAt(T0);
    const aliases = ['ada+1@gmail.com', 'a.da@gmail.com', 'ADA@googlemail.com', 'a.d.a+x@gmail.com', 'ada+2@gmail.com'];
    for (const email of aliases) expect((await submitJson(app, { type: 'erase', email })).status).toBe(202);
    const due = (ms: number) => deps.records.mailQueue.due(new Date(Date.parse(T0) + ms), 100);
    expect((await due(0)).map((m) => m.to)).toEqual(aliases.slice(0, 3).map((a) => a.toLowerCase()));
    // The fourth waits for the next free slot (20 minutes); the fifth is filed without a mail.
    expect((await due(20 * 60 * 1000)).map((m) => m.to)).toEqual(aliases.slice(0, 4).map((a) => a.toLowerCase()));
    expect(await queuedMail(deps)).toHaveLength(4);
    expect(await deps.records.requests.count()).toBe(5);
    // Another type has a budget of its own.
    expect((await submitJson(app, { type: 'access', email: 'ada@gmail.com' })).status).toBe(202);
    expect(await queuedMail(deps)).toHaveLength(5);
    advance(2 * HOUR);
    await submitJson(app, { type: 'erase', email: 'ada+9@gmail.com' });
    expect(await queuedMail(deps)).toHaveLength(6);
  });
});

describe('the log', () => {
  it('never holds the email, the token or the details', async () => {
    const { app, deps, logs } = appAt(T0, { config: webhookConfig });
    const details = 'My secret account number is 4242-SECRET.';
    const token = await submitAndGetToken(app, deps, {
      type: 'rectify',
      email: EMAIL,
      details,
      rectification: details,
    });
    await submitForm(app, { type: 'erase', email: EMAIL, details });
    await submitJson(app, { type: 'erase', email: 'not-an-email', details });
    await app.request(`/privacy-requests/verify/${token}`);
    await app.request(`/privacy-requests/verify/${token}`, { method: 'POST' });
    await app.request(`/privacy-requests/verify/${token}`, { method: 'POST' });
    const log = logs();
    expect(log).toContain('/api/privacy-requests');
    for (const secret of [EMAIL, 'ada.lovelace', token, '4242-SECRET', 'not-an-email']) {
      expect(log).not.toContain(secret);
    }
  });
});
