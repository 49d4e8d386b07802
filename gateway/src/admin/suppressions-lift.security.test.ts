import { describe, expect, it } from 'vitest';
import { testUnsubscribe } from '../requests/workflow.fixtures.ts';
import { ALL_LISTS } from '../store/records.ts';
import { testApp } from '../testing.ts';
import { form, signedIn } from './fixtures.ts';

// A suppression no link may lift (here an Art. 21 objection's) is lifted only by the officer, with
// the reason written down, and the audit log says who and why, never the address.
const EMAIL = 'grace@example.com';

async function objected() {
  const t = testApp();
  // The same keys as the app's, so both see the same hashes.
  const unsubscribe = testUnsubscribe(t.deps.config, t.deps.records, Date.now);
  await unsubscribe.change(EMAIL, { add: [ALL_LISTS] }, 'privacy-request');
  const session = await signedIn(t.app, t.deps, 'privacy');
  const lift = (fields: Record<string, string>) =>
    t.app.request(
      '/admin/suppressions/lift',
      form({ _csrf: session.csrf, email: EMAIL, list: ALL_LISTS, ...fields }, session.headers),
    );
  return { ...t, unsubscribe, session, lift };
}

describe('lifting a suppression in the admin', () => {
  it('the lookup offers it, and the officer lifts it with a reason, audited without the address', async () => {
    const { app, deps, unsubscribe, session, lift } = await objected();
    const found = await app.request(
      '/admin/suppressions/search',
      form({ _csrf: session.csrf, email: EMAIL }, session.headers),
    );
    expect(await found.text()).toContain('action="/admin/suppressions/lift"');

    const res = await lift({ reason: 'Asked by email on 2 December to get the newsletter again.' });
    expect(res.headers.get('location')).toBe('/admin/suppressions?notice=lifted');
    expect((await unsubscribe.state(EMAIL)).all).toBe(false);
    const [entry] = await deps.records.audit.list({ limit: 1 });
    expect(entry).toMatchObject({
      action: 'suppression.lifted',
      after: { reason: expect.stringContaining('2 December') },
    });
    expect(JSON.stringify(entry)).not.toContain(EMAIL);
  });

  it.each([
    ['no reason', ''],
    ['a reason of only spaces', '   '],
    ['a reason over 500 characters', 'x'.repeat(501)],
  ])('refuses %s and changes nothing', async (_, reason) => {
    const { unsubscribe, lift } = await objected();
    expect((await lift({ reason })).headers.get('location')).toBe('/admin/suppressions?notice=lift-reason');
    expect((await unsubscribe.state(EMAIL)).all).toBe(true);
  });

  it('is refused to a marketer', async () => {
    const { app, deps, unsubscribe } = await objected();
    const marketer = await signedIn(app, deps, 'marketer');
    const res = await app.request(
      '/admin/suppressions/lift',
      form({ _csrf: marketer.csrf, email: EMAIL, list: ALL_LISTS, reason: 'Because.' }, marketer.headers),
    );
    expect(res.status).toBe(403);
    expect((await unsubscribe.state(EMAIL)).all).toBe(true);
  });
});

describe('adding a suppression a link already made', () => {
  it('says the row is now locked against links, and audits it', async () => {
    const t = testApp();
    const unsubscribe = testUnsubscribe(t.deps.config, t.deps.records, Date.now);
    await unsubscribe.change(EMAIL, { add: ['newsletter'] }, 'one-click', { list: 'newsletter', issuedAt: new Date() });
    const session = await signedIn(t.app, t.deps, 'privacy');
    const res = await t.app.request(
      '/admin/suppressions',
      form({ _csrf: session.csrf, email: EMAIL, list: 'newsletter' }, session.headers),
    );
    expect(res.headers.get('location')).toBe('/admin/suppressions?notice=locked');
    const [row] = await t.deps.records.suppressions.ofHashes(await unsubscribe.hashesOf(EMAIL));
    expect(row).toMatchObject({ list: 'newsletter', source: 'admin' });
    const [entry] = await t.deps.records.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'suppression.locked', after: { list: 'newsletter', source: 'admin' } });
    expect(JSON.stringify(entry)).not.toContain(EMAIL);
  });
});
