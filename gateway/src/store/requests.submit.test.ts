// The submission side of both RecordStore adapters' privacy requests: repeats take the latest
// content, links that may not go out now are held or left out, and verify confirms only what was shown.
import { afterEach, describe, expect, it } from 'vitest';
import { adapters, at, DAY, mailTo, submission } from './requests.fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe.each(adapters(cleanups))('%s requests.submit and verify', (_name, open) => {
  it('gives a pending request the repeat’s content, and drops its unsent mail (whose link is dead) but not sent mail', async () => {
    const store = await open();
    const first = await store.requests.submit(submission({ token: 'old', mail: [mailTo('ada@example.com')] }));
    const [sent] = await store.mailQueue.due(at(1), 10);
    await store.mailQueue.sent(sent?.id ?? -1, at(1));
    await store.requests.submit(submission({ token: 'mid', minute: 2, mail: [mailTo('ada@example.com', 'mid')] }));
    const content = { jurisdiction: 'ccpa', details: 'Mine.', rectification: null, locale: 'de' } as const;
    const again = await store.requests.submit(
      submission({ token: 'new', minute: 3, mail: [mailTo('ada@example.com', 'new')], content }),
    );
    expect(again).toMatchObject({ outcome: 'refreshed', request: { id: first.request.id, ...content } });
    expect((await store.mailQueue.due(at(4), 10)).map((m) => m.subject)).toEqual(['new']);
    expect(await store.mailQueue.counts()).toMatchObject({ pending: 1, sent: 1 });
    const received = (await store.requests.events(first.request.id)).filter((e) => e.kind === 'received');
    expect(received.map((e) => e.detail)).toEqual([
      { type: 'access', jurisdiction: 'gdpr' },
      { type: 'access', jurisdiction: 'gdpr', resubmitted: true },
      { type: 'access', jurisdiction: 'ccpa', resubmitted: true },
    ]);
  });

  it('later, without a slot: a pending request takes the content but keeps its token and mail; a new one gets no mail', async () => {
    const store = await open();
    const first = await store.requests.submit(submission({ token: 'mailed', mail: [mailTo('ada@example.com')] }));
    const later = { reason: 'address_limit' };
    const content = { details: 'Latest.', locale: 'de' };
    const amended = await store.requests.submit(
      submission({ token: 'unused', minute: 1, mail: [mailTo('ada@example.com', 'x')], content, later }),
    );
    expect(amended).toMatchObject({
      outcome: 'amended',
      request: { id: first.request.id, details: 'Latest.', locale: 'de' },
    });
    expect((await store.requests.byVerificationToken('mailed', at(2)))?.details).toBe('Latest.');
    expect(await store.requests.byVerificationToken('unused', at(2))).toBeUndefined();
    expect((await store.mailQueue.due(at(2), 10)).map((m) => m.subject)).toEqual(['Confirm your privacy request']);
    const kinds = (await store.requests.events(first.request.id)).map((e) => e.kind);
    expect(kinds).toEqual(['received', 'verification_sent', 'email', 'received']);

    const fresh = await store.requests.submit(
      submission({ email: 'bob@example.com', token: 'bob', mail: [mailTo('bob@example.com')], later }),
    );
    expect(fresh.outcome).toBe('created');
    expect(await store.requests.byVerificationToken('bob', at(1))).toMatchObject({ email: 'bob@example.com' });
    expect((await store.requests.events(fresh.request.id)).map((e) => [e.kind, e.detail])).toEqual([
      ['received', { type: 'access', jurisdiction: 'gdpr', limit: 'address_limit' }],
    ]);
    expect(await store.mailQueue.counts()).toMatchObject({ pending: 1 });
  });

  it('later, with a slot: a new request, or a pending one never mailed, gets its link due then', async () => {
    const store = await open();
    const later = { reason: 'address_limit', mailAt: at(20) };
    const held = await store.requests.submit(submission({ token: 'held', mail: [mailTo('ada@example.com')], later }));
    expect(held.outcome).toBe('created');
    expect(await store.mailQueue.due(at(19), 10)).toEqual([]);
    const [mail] = await store.mailQueue.due(at(20), 10);
    expect(mail).toMatchObject({ requestId: held.request.id, createdAt: at(0), nextAttemptAt: at(20) });
    const events = await store.requests.events(held.request.id);
    expect(events.find((e) => e.kind === 'verification_sent')?.detail).toEqual({
      expiresAt: at(DAY).toISOString(),
      mailAt: at(20).toISOString(),
    });

    const quiet = { reason: 'hourly_cap' };
    const unmailed = await store.requests.submit(submission({ email: 'bob@example.com', token: 'b1', later: quiet }));
    const slot = { reason: 'address_limit', mailAt: at(40) };
    const mailed = await store.requests.submit(
      submission({ email: 'bob@example.com', token: 'b2', minute: 5, mail: [mailTo('bob@example.com')], later: slot }),
    );
    expect(mailed).toMatchObject({ outcome: 'refreshed', request: { id: unmailed.request.id } });
    expect(await store.requests.byVerificationToken('b1', at(6))).toBeUndefined();
    expect((await store.requests.byVerificationToken('b2', at(6)))?.id).toBe(unmailed.request.id);
    expect((await store.mailQueue.due(at(40), 10)).map((m) => m.to)).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('verify with expect confirms only the token and the content given', async () => {
    const store = await open();
    const { request } = await store.requests.submit(submission({ token: 't1', content: { details: 'Shown.' } }));
    const content = { jurisdiction: 'gdpr', details: 'Shown.', rectification: null, locale: 'en' } as const;
    const input = { at: at(5), dueAt: at(30 * DAY) };
    expect(await store.requests.verify(request.id, { ...input, expect: { tokenHash: 't2', content } })).toBeUndefined();
    const changed = { ...content, details: 'Changed.' };
    expect(
      await store.requests.verify(request.id, { ...input, expect: { tokenHash: 't1', content: changed } }),
    ).toBeUndefined();
    expect((await store.requests.byId(request.id))?.status).toBe('unverified');
    const done = await store.requests.verify(request.id, { ...input, expect: { tokenHash: 't1', content } });
    expect(done).toMatchObject({ status: 'verified', details: 'Shown.' });
  });
});
