import { describe, expect, it } from 'vitest';
import { createMemoryMailTransport } from '../mail/port.ts';
import { sendWeeklyDigests } from '../reports/digest.ts';
import { testAdmin, testApp } from '../testing.ts';
import { importHmacKey } from './crypto.ts';
import { DIGEST_OFF_PATH, digestOffToken } from './digest-link.tsx';

// The digest's own "stop" link works without signing in, like an unsubscribe link, and like one
// it is a bearer token: it must be unforgeable, bound to one user, and GET must change nothing.
const KEY = new Uint8Array(32).fill(9);

async function setup() {
  const t = testApp({ admin: testAdmin({ digestKeys: [KEY] }) });
  const user = await t.deps.records.users.create({
    email: 'mia@example.com',
    role: 'marketer',
    passwordHash: 'x',
    createdAt: new Date(),
    digestOptIn: true,
  });
  const token = await digestOffToken(await importHmacKey(KEY), user.id);
  return { ...t, user, url: `${DIGEST_OFF_PATH}/${token}` };
}

describe('the weekly digest’s stop link', () => {
  it('GET shows a button and changes nothing; POST stops the digest, audited, with no session', async () => {
    const { app, deps, user, url } = await setup();
    const page = await app.request(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop the weekly digest');
    expect((await deps.records.users.byId(user.id))?.digestOptIn).toBe(true);

    const res = await app.request(url, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('The weekly digest is off for mia@example.com');
    expect((await deps.records.users.byId(user.id))?.digestOptIn).toBe(false);
    const [entry] = await deps.records.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ actor: 'digest-link', action: 'user.digest_changed', target: `user:${user.id}` });
  });

  it.each([
    ['a forged signature', (url: string) => `${url.slice(0, -1)}${url.endsWith('A') ? 'B' : 'A'}`],
    ['another user’s id with this signature', (url: string) => url.replace(/\/[\w-]+\./, '/someone-else.')],
    ['no signature', (url: string) => url.replace(/\.[\w-]+$/, '')],
  ])('refuses %s and changes nothing', async (_, forge) => {
    const { app, deps, user, url } = await setup();
    expect((await app.request(forge(url), { method: 'POST' })).status).toBe(404);
    expect((await deps.records.users.byId(user.id))?.digestOptIn).toBe(true);
  });

  it('still works after a secret rotation, when the old key is among the previous secrets', async () => {
    const OLD = new Uint8Array(32).fill(5);
    const t = testApp({ admin: testAdmin({ digestKeys: [KEY, OLD] }) });
    const user = await t.deps.records.users.create({
      email: 'ana@example.com',
      role: 'admin',
      passwordHash: 'x',
      createdAt: new Date(),
      digestOptIn: true,
    });
    const old = await digestOffToken(await importHmacKey(OLD), user.id);
    expect((await t.app.request(`${DIGEST_OFF_PATH}/${old}`, { method: 'POST' })).status).toBe(200);
    expect((await t.deps.records.users.byId(user.id))?.digestOptIn).toBe(false);
    // A key that is in neither list signs nothing this gateway takes.
    const stranger = await digestOffToken(await importHmacKey(new Uint8Array(32).fill(6)), user.id);
    expect((await t.app.request(`${DIGEST_OFF_PATH}/${stranger}`, { method: 'POST' })).status).toBe(404);
  });

  it('refuses a POST from another site', async () => {
    const { app, deps, user, url } = await setup();
    const res = await app.request(url, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
    expect((await deps.records.users.byId(user.id))?.digestOptIn).toBe(true);
  });

  it('is in every digest, one per recipient, and the link in the mail works', async () => {
    const { app, deps, user } = await setup();
    const mail = createMemoryMailTransport();
    const reports = {
      summary: async () => ({ results: {}, comparison: {} }),
      breakdown: async () => ({ results: [] }),
    } as never;
    const sent = await sendWeeklyDigests({
      records: deps.records,
      reports,
      config: deps.config,
      mail,
      now: Date.parse('2026-11-23T07:30:00Z'),
      digestKey: KEY,
    });
    expect(sent).toBe(1);
    const link = /http:\/\/localhost:8080(\/admin\/digest-off\/[\w.-]+)/.exec(mail.sent[0]?.text ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
    expect(mail.sent[0]?.html).toContain(`href="http://localhost:8080${link}"`);
    expect((await app.request(link, { method: 'POST' })).status).toBe(200);
    expect((await deps.records.users.byId(user.id))?.digestOptIn).toBe(false);
  });
});
