import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  EMAIL,
  queued,
  SECRETS,
  seedRequest,
  systemsConfig,
  T0,
  testUnsubscribe,
} from '../requests/workflow.fixtures.ts';
import { completeRequest } from '../requests/workflow.ts';
import { testAdmin, testApp } from '../testing.ts';
import { form, signedIn } from './fixtures.ts';

// Ten days after T0: a request received at T0 is due on 2 April, 21 days ahead.
const NOW = T0.getTime() + 10 * DAY_MS;

async function setup() {
  const t = testApp({ config: systemsConfig, webhookSecrets: SECRETS, admin: testAdmin({ now: () => NOW }) });
  const requestDeps = {
    config: systemsConfig,
    records: t.deps.records,
    unsubscribe: testUnsubscribe(systemsConfig, t.deps.records, () => NOW),
    now: () => NOW,
  };
  const session = await signedIn(t.app, t.deps, 'privacy');
  const get = async (path: string) => {
    const res = await t.app.request(path, { headers: session.headers });
    return { status: res.status, html: await res.text() };
  };
  const post = (path: string, fields: Record<string, string>) =>
    t.app.request(path, form({ _csrf: session.csrf, ...fields }, session.headers));
  return { ...t, requestDeps, session, get, post };
}

describe('GET /admin/requests', () => {
  it('lists open requests most urgent first, and says which are overdue in words', async () => {
    const { requestDeps, get } = await setup();
    const later = await seedRequest(requestDeps, { receivedAt: new Date(T0.getTime() + 5 * DAY_MS) });
    const overdue = await seedRequest(requestDeps, { dueAt: new Date(NOW - 3 * DAY_MS) });
    const soon = await seedRequest(requestDeps);
    const closed = await seedRequest(requestDeps, { type: 'restrict', dueAt: new Date(NOW - 9 * DAY_MS) });
    await completeRequest(requestDeps, closed.id, 'officer');

    const { status, html } = await get('/admin/requests');
    expect(status).toBe(200);
    const order = [overdue, soon, later].map((r) => html.indexOf(r.reference));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).not.toContain(closed.reference);
    expect(html).toMatch(/<tr class="overdue">[\s\S]*?PR-[\s\S]*?<strong>Overdue by 3 days<\/strong>/);
    expect(html).toContain('1 request on this page is overdue.');
    expect(html).toContain('21 days left');
    expect(html).toContain('Europe/Berlin');

    const done = await get('/admin/requests?status=completed');
    expect(done.html).toContain(closed.reference);
    expect(done.html).not.toContain(soon.reference);
    expect(done.html).toContain('Answered');
  });

  it('explains an empty queue', async () => {
    const { get } = await setup();
    expect((await get('/admin/requests')).html).toContain(
      'No open requests. A request appears here once the requester',
    );
    expect((await get('/admin/requests?status=rejected')).html).toContain('No rejected requests.');
  });

  it('pages through the queue', async () => {
    const { requestDeps, get } = await setup();
    for (let i = 0; i < 51; i++) await seedRequest(requestDeps, { dueAt: new Date(NOW + i * DAY_MS) });
    const first = await get('/admin/requests');
    expect(first.html).toContain('Open: 51 requests');
    expect(first.html).toContain('href="/admin/requests?status=open&amp;offset=50"');
    const second = await get('/admin/requests?status=open&offset=50');
    expect(second.html.match(/<tr class=|<tr>/g)?.length).toBe(2); // the header and one request
    expect(second.html).toContain('More urgent');
  });
});

describe('GET /admin/requests/:id', () => {
  it('shows the request, its actions, systems and timeline', async () => {
    const { requestDeps, get } = await setup();
    const request = await seedRequest(requestDeps, { type: 'erase' });
    const { status, html } = await get(`/admin/requests/${request.id}`);
    expect(status).toBe(200);
    for (const text of [
      EMAIL,
      'Everything you hold, please.',
      'Erasure (Art. 17)',
      'GDPR (one month)',
      'Start work',
      'Wait for systems',
      'Extend the deadline (once)',
      'Minimises the requester’s other privacy requests',
      'Reject the request',
      'crm',
      'Not reported yet',
      'Confirmed by the requester',
      'Email the requester',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('shows a minimised request as proof only, and says why', async () => {
    const { requestDeps, deps, get } = await setup();
    const request = await seedRequest(requestDeps, { type: 'restrict' });
    await completeRequest(requestDeps, request.id, 'officer');
    await deps.records.requests.minimiseCompleted(new Date(NOW + DAY_MS), new Date(NOW));
    const { html } = await get(`/admin/requests/${request.id}`);
    expect(html).toContain('reduced to proof');
    expect(html).toContain(request.reference);
    expect(html).not.toContain(EMAIL);
    expect(html).not.toContain('Everything you hold');
    expect(html).not.toContain('<form class="stack" method="post" action="/admin/requests/');
  });

  it('an unknown id is a 404 page', async () => {
    const { get } = await setup();
    expect((await get('/admin/requests/no-such-id')).status).toBe(404);
  });
});

describe('actions', () => {
  it('start work with the status mail, then back to the page with a notice', async () => {
    const { requestDeps, deps, post, get } = await setup();
    const request = await seedRequest(requestDeps);
    const res = await post(`/admin/requests/${request.id}/start`, { notify: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/requests/${request.id}?notice=start`);
    expect((await deps.records.requests.byId(request.id))?.status).toBe('in_progress');
    expect((await queued(deps.records)).map((m) => m.subject)).toEqual([
      `Your privacy request ${request.reference}: In progress`,
    ]);
    expect((await get(`/admin/requests/${request.id}?notice=start`)).html).toContain('Work started.');
  });

  it('a refused form comes back with the message and what was typed', async () => {
    const { requestDeps, deps, post } = await setup();
    const request = await seedRequest(requestDeps, { type: 'rectify' });
    const res = await post(`/admin/requests/${request.id}/complete`, { note: '' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Corrections: describe what was changed');
    await post(`/admin/requests/${request.id}/extend`, { reason: 'Many systems.' });
    const again = await post(`/admin/requests/${request.id}/extend`, { reason: 'More.' });
    expect(again.status).toBe(409);
    expect((await deps.records.requests.byId(request.id))?.extensionReason).toBe('Many systems.');
  });

  it('completes a rectification with what was corrected', async () => {
    const { requestDeps, deps, post } = await setup();
    const request = await seedRequest(requestDeps, { type: 'rectify' });
    const res = await post(`/admin/requests/${request.id}/complete`, { note: 'Fixed the surname.' });
    expect(res.status).toBe(303);
    expect((await deps.records.requests.byId(request.id))?.status).toBe('completed');
  });

  it('drafts a reply from a template and sends the edited text', async () => {
    const { requestDeps, deps, get, post } = await setup();
    const request = await seedRequest(requestDeps);
    const { html } = await get(`/admin/requests/${request.id}?template=receipt`);
    expect(html).toContain(`We received your privacy request ${request.reference}`);
    expect(html).toMatch(/<textarea name="text"[^>]*>Thank you\. Your request is confirmed/);
    const res = await post(`/admin/requests/${request.id}/reply`, { template: 'receipt', text: 'Edited by hand.' });
    expect(res.status).toBe(303);
    const [mail] = await queued(deps.records);
    expect(mail).toMatchObject({
      to: EMAIL,
      subject: `We received your privacy request ${request.reference}`,
      text: 'Edited by hand.\n',
    });
  });

  it('audits each change under the staff user', async () => {
    const { requestDeps, deps, post, session } = await setup();
    const request = await seedRequest(requestDeps);
    await post(`/admin/requests/${request.id}/note`, { text: 'Phoned.' });
    await post(`/admin/requests/${request.id}/reject`, { reasons: 'Identity not confirmed.' });
    const entries = await deps.records.audit.list({ limit: 2 });
    expect(entries.map((e) => e.action)).toEqual(['request.rejected', 'request.noted']);
    expect(entries.every((e) => e.actor === `user:${session.user.id}` && e.target === `request:${request.id}`)).toBe(
      true,
    );
    expect(JSON.stringify(entries)).not.toContain('Identity');
  });
});
