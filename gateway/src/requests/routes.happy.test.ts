import { parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import demo from '../../../candor.config.ts';
import { dueDate } from './deadlines.ts';
import { sha256Hex } from './intake.ts';
import {
  appAt,
  EMAIL,
  emailHashOf,
  queuedMail,
  submitAndGetToken,
  submitForm,
  submitJson,
  tokenIn,
  webhookConfig,
} from './routes.fixtures.ts';

const T0 = '2026-03-10T09:00:00.000Z';
const HOUR = 60 * 60 * 1000;

describe('POST /api/privacy-requests', () => {
  it('files an unverified request and queues a verification mail; only the token’s hash is stored', async () => {
    const { app, deps } = appAt(T0);
    const res = await submitJson(app, { type: 'erase', email: ' Ada.Lovelace@Example.com ', details: ' All of it. ' });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'received', message: expect.stringContaining('Check your email') });

    const requests = await deps.records.requests.list({ limit: 10 });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      type: 'erase',
      status: 'unverified',
      jurisdiction: 'gdpr',
      email: EMAIL,
      emailHash: await emailHashOf(deps, EMAIL),
      details: 'All of it.',
      rectification: null,
      locale: 'en',
      receivedAt: new Date(T0),
      reference: expect.stringMatching(/^PR-[0-9A-HJKMNP-TV-Z]{8}$/),
    });

    const mails = await queuedMail(deps);
    expect(mails.map((m) => [m.to, m.subject, m.requestId])).toEqual([
      [EMAIL, expect.stringContaining('confirm your privacy request'), requests[0]?.id],
    ]);
    const token = tokenIn(mails[0]);
    expect(mails[0]?.text).toContain(`http://localhost:8080/privacy-requests/verify/${token}`);
    // The store finds the request by the token's SHA-256, and never holds the token itself.
    const found = await deps.records.requests.byVerificationToken(await sha256Hex(token), new Date(T0));
    expect(found?.id).toBe(requests[0]?.id);
    expect(await deps.records.requests.byVerificationToken(token, new Date(T0))).toBeUndefined();
    const events = await deps.records.requests.events(requests[0]?.id ?? '');
    expect(events.map((e) => e.kind)).toEqual(['received', 'verification_sent', 'email']);
    expect(JSON.stringify([requests, events])).not.toContain(token);
  });

  it('wakes the mail dispatcher after queueing', async () => {
    let wakes = 0;
    const { app } = appAt(T0, { wakeMail: () => void wakes++ });
    await submitJson(app, { type: 'access', email: EMAIL });
    expect(wakes).toBe(1);
  });

  it.each([
    ['the body’s locale', { locale: 'de-AT' }, {}, 'de'],
    ['Accept-Language', {}, { 'accept-language': 'fr-CH, de;q=0.8, en;q=0.5' }, 'de'],
    ['English for anything else', { locale: 'fr' }, { 'accept-language': 'fr, es' }, 'en'],
  ])('writes the mail in %s', async (_, body, headers, locale) => {
    const { app, deps } = appAt(T0);
    await submitJson(app, { type: 'access', email: EMAIL, ...body }, headers);
    expect((await deps.records.requests.list({ limit: 1 }))[0]?.locale).toBe(locale);
    const subject = (await queuedMail(deps))[0]?.subject;
    expect(subject).toMatch(locale === 'de' ? /^Bitte bestätigen/ : /^Please confirm/);
  });

  it('keeps the correction for rectify and the California deadline when asked', async () => {
    const { app, deps } = appAt(T0);
    await submitJson(app, {
      type: 'rectify',
      email: EMAIL,
      rectification: 'My name is Ada, not Ida.',
      jurisdiction: 'ccpa',
    });
    await submitJson(app, { type: 'access', email: EMAIL, rectification: 'Not for access.' });
    const byType = Object.fromEntries((await deps.records.requests.list({ limit: 5 })).map((r) => [r.type, r]));
    expect(byType.rectify).toMatchObject({ rectification: 'My name is Ada, not Ida.', jurisdiction: 'ccpa' });
    expect(byType.access?.rectification).toBeNull();
  });

  it('accepts the no-JavaScript form and answers a 202 page that says the link is valid 24 hours', async () => {
    const { app, deps } = appAt(T0);
    const res = await submitForm(app, {
      type: 'object',
      email: EMAIL,
      details: '',
      rectification: '',
      jurisdiction: 'gdpr',
      website: '',
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<h1>Check your email</h1>');
    expect(html).toContain('valid for 24 hours');
    expect(html).not.toContain(EMAIL);
    const [request] = await deps.records.requests.list({ limit: 1 });
    expect(request).toMatchObject({ type: 'object', details: null, rectification: null, status: 'unverified' });
    // The page's stylesheet is served.
    const css = /href="(\/privacy-requests\/assets\/[^"]+\.css)"/.exec(html)?.[1] ?? '';
    const sheet = await app.request(css);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('sends a new link for a repeat of an unverified request, with the repeat’s content, instead of filing another', async () => {
    const { app, deps, advance } = appAt(T0);
    const first = await submitAndGetToken(app, deps, { type: 'erase', email: EMAIL, details: 'first' });
    advance(HOUR);
    const second = await submitAndGetToken(app, deps, { type: 'erase', email: EMAIL, details: 'second' });
    expect(second).not.toBe(first);
    const requests = await deps.records.requests.list({ limit: 10 });
    expect(requests.map((r) => r.details)).toEqual(['second']);
    // The newest link is the one that works, and the first mail (unsent here) is not sent with a dead link.
    expect((await app.request(`/privacy-requests/verify/${first}`)).status).toBe(400);
    expect((await app.request(`/privacy-requests/verify/${second}`)).status).toBe(200);
    expect((await queuedMail(deps)).map(tokenIn)).toEqual([second]);
  });
});

describe('GET and POST /privacy-requests/verify/:token', () => {
  it('shows the confirm page, then verifies with the due date and a receipt', async () => {
    const { app, deps, advance } = appAt(T0);
    const token = await submitAndGetToken(app, deps, { type: 'port', email: EMAIL });
    advance(3 * HOUR);

    const page = await app.request(`/privacy-requests/verify/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-robots-tag')).toContain('noindex');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Your data in portable files');
    expect(html).toContain('a••••••@example.com');
    expect(html).not.toContain(EMAIL);
    expect(html).toContain(`<form method="post" action="/privacy-requests/verify/${token}">`);
    expect(html).toContain('Confirm my request');

    const res = await app.request(`/privacy-requests/verify/${token}`, { method: 'POST' });
    expect(res.status).toBe(200);
    const [request] = await deps.records.requests.list({ limit: 1 });
    const due = dueDate(new Date(T0), 'gdpr', 'Europe/Berlin');
    expect(request).toMatchObject({ status: 'verified', dueAt: due, verifiedAt: new Date(Date.parse(T0) + 3 * HOUR) });
    expect(due.toISOString()).toBe('2026-04-10T21:59:59.999Z');
    const done = await res.text();
    expect(done).toContain(`Confirmed: reference ${request?.reference}. We answer by 10 April 2026.`);

    const [receipt, team] = (await queuedMail(deps)).slice(-2);
    expect(receipt?.to).toBe(EMAIL);
    expect(receipt?.text).toContain(request?.reference);
    expect(receipt?.text).toContain('10 April 2026');
    expect(await deps.records.outbox.list({ limit: 10 })).toEqual([]);

    // The team is told at once: what, which, by when, and where; never who.
    expect(team?.to).toBe(deps.config.company.privacyContact);
    expect(team?.subject).toMatch(new RegExp(`^New privacy request ${request?.reference}: .+ \\(Art. \\d+ GDPR\\)$`));
    expect(team?.text).toContain('10 April 2026');
    expect(team?.text).toContain(`http://localhost:8080/admin/requests/${request?.id}`);
    expect(`${team?.subject}${team?.text}${team?.html}`).not.toContain(EMAIL);
  });

  it('with privacyRequests.arrivals: daily, the team gets no mail per request', async () => {
    const config = parseConfig({ ...demo, privacyRequests: { arrivals: 'daily' } }, 'test');
    const { app, deps } = appAt(T0, { config });
    const token = await submitAndGetToken(app, deps, { type: 'access', email: EMAIL });
    await app.request(`/privacy-requests/verify/${token}`, { method: 'POST' });
    expect((await queuedMail(deps)).map((m) => m.to)).toEqual([EMAIL, EMAIL]);
  });

  it('counts 45 days for a Californian', async () => {
    const { app, deps } = appAt(T0);
    const token = await submitAndGetToken(app, deps, { type: 'access', email: EMAIL, jurisdiction: 'ccpa' });
    await app.request(`/privacy-requests/verify/${token}`, { method: 'POST' });
    const [request] = await deps.records.requests.list({ limit: 1 });
    expect(request?.dueAt).toEqual(dueDate(new Date(T0), 'ccpa', 'Europe/Berlin'));
    expect(request?.dueAt?.toISOString()).toBe('2026-04-24T21:59:59.999Z');
  });

  it('tells each subscribed connected system, with a callback URL, and waits for them', async () => {
    let outboxWakes = 0;
    const { app, deps } = appAt(T0, { config: webhookConfig, wakeOutbox: () => void outboxWakes++ });
    const token = await submitAndGetToken(app, deps, { type: 'erase', email: EMAIL });
    const res = await app.request(`/privacy-requests/verify/${token}`, { method: 'POST' });
    expect(res.status).toBe(200);

    const [request] = await deps.records.requests.list({ limit: 1 });
    expect(request?.status).toBe('awaiting_systems');
    const outbox = (await deps.records.outbox.list({ limit: 10 })).reverse();
    expect(outbox.map((m) => m.target)).toEqual(['crm', 'esp']);
    expect(new Set(outbox.map((m) => m.eventId)).size).toBe(1);
    for (const m of outbox) {
      expect(m).toMatchObject({
        type: 'privacy_request.verified',
        email: EMAIL,
        list: '',
        source: 'privacy-request',
        status: 'pending',
        data: {
          request_id: request?.id,
          reference: request?.reference,
          type: 'erase',
          restricted: false,
          jurisdiction: 'gdpr',
          due_at: request?.dueAt?.toISOString(),
          callback_url: `http://localhost:8080/api/privacy-requests/${request?.id}/systems/${m.target}`,
        },
      });
    }
    expect(outboxWakes).toBe(1);
    const events = await deps.records.requests.events(request?.id ?? '');
    expect(events.map((e) => `${e.kind}:${e.actor}`)).toEqual([
      'received:requester',
      'verification_sent:system',
      'email:system',
      'verified:requester',
      'email:system',
      'email:system',
      'status:system',
    ]);
  });
});
