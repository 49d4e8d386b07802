// One contract for both RecordStore adapters' privacy requests, so the memory twin stays in step.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewOutboxMessage } from './records.ts';
import { canTransition, newRequestReference, REQUEST_STATUSES, REQUEST_TRANSITIONS } from './records.ts';
import { adapters, at, DAY, mailTo, submission, verified } from './requests.fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const webhook = (requestId: string, eventId = `evt-${requestId}`): NewOutboxMessage => ({
  eventId,
  type: 'privacy_request.verified',
  target: 'crm',
  email: 'ada@example.com',
  list: '',
  source: 'privacy-request',
  occurredAt: at(10),
  data: { requestId, reference: 'PR-X', type: 'access', restricted: false, callbackUrl: 'https://c.example/cb' },
});

describe('transition rules', () => {
  it('lets nothing leave a closed request and nothing enter unverified', () => {
    for (const to of REQUEST_STATUSES) {
      expect(canTransition('completed', to)).toBe(false);
      expect(canTransition('rejected', to)).toBe(false);
      for (const from of REQUEST_STATUSES) if (to === 'unverified') expect(canTransition(from, to)).toBe(false);
    }
    expect(REQUEST_TRANSITIONS.unverified).toEqual(['verified']);
    expect(canTransition('awaiting_systems', 'in_progress')).toBe(true);
  });

  it('makes references PR- and 8 Crockford base32 characters', () => {
    const refs = new Set(Array.from({ length: 200 }, newRequestReference));
    expect(refs.size).toBe(200);
    for (const r of refs) expect(r).toMatch(/^PR-[0-9A-HJKMNP-TV-Z]{8}$/);
  });
});

describe.each(adapters(cleanups))('%s requests', (_name, open) => {
  it('submit stores an unverified request with its timeline and its mail in one go', async () => {
    const store = await open();
    const input = submission({ mail: [mailTo('ada@example.com')] });
    const { outcome, request } = await store.requests.submit(input);
    expect(outcome).toBe('created');
    expect(request).toMatchObject({
      id: input.request.id,
      status: 'unverified',
      email: 'ada@example.com',
      emailHash: 'hash:ada@example.com',
      verifiedAt: null,
      dueAt: null,
      restricted: false,
      minimisedAt: null,
      receivedAt: at(0),
    });
    const events = await store.requests.events(request.id);
    expect(events.map((e) => [e.kind, e.actor])).toEqual([
      ['received', 'requester'],
      ['verification_sent', 'system'],
      ['email', 'system'],
    ]);
    const mailId = (events[2]?.detail as { mailId: number } | undefined)?.mailId ?? -1;
    expect(await store.mailQueue.byId(mailId)).toMatchObject({ requestId: request.id, to: 'ada@example.com' });
    expect(await store.requests.byReference(input.request.reference)).toEqual(request);
  });

  it('refreshes the pending verification of the same email and type instead of adding a request', async () => {
    const store = await open();
    const first = await store.requests.submit(submission({ token: 'old' }));
    const again = await store.requests.submit(submission({ token: 'new', minute: 60 }));
    expect(again).toMatchObject({ outcome: 'refreshed', request: { id: first.request.id } });
    expect(await store.requests.byVerificationToken('old', at(61))).toBeUndefined();
    expect((await store.requests.byVerificationToken('new', at(61)))?.id).toBe(first.request.id);
    // The refreshed token runs 24 h from the second submission.
    expect(await store.requests.byVerificationToken('new', at(DAY + 59))).toBeDefined();
    const other = await store.requests.submit(submission({ type: 'erase', minute: 61 }));
    expect(other.outcome).toBe('created');
    const afterExpiry = await store.requests.submit(submission({ minute: 3 * DAY }));
    expect(afterExpiry.outcome).toBe('created');
    expect(await store.requests.count()).toBe(3);
  });

  it('finds a request by token only while the token is unexpired and unverified, and spends it on verify', async () => {
    const store = await open();
    const { request } = await store.requests.submit(submission({ token: 't1' }));
    expect((await store.requests.byVerificationToken('t1', at(DAY - 1)))?.id).toBe(request.id);
    expect(await store.requests.byVerificationToken('t1', at(DAY))).toBeUndefined();
    expect(await store.requests.byVerificationToken('nope', at(1))).toBeUndefined();
    const done = await store.requests.verify(request.id, { at: at(5), dueAt: at(30 * DAY) });
    expect(done).toMatchObject({ status: 'verified', verifiedAt: at(5), dueAt: at(30 * DAY) });
    expect(await store.requests.byVerificationToken('t1', at(6))).toBeUndefined();
    expect(await store.requests.verify(request.id, { at: at(6), dueAt: at(31 * DAY) })).toBeUndefined();
    expect((await store.requests.byId(request.id))?.dueAt).toEqual(at(30 * DAY));
  });

  it('refuses to verify once the token has expired', async () => {
    const store = await open();
    const { request } = await store.requests.submit(submission());
    expect(await store.requests.verify(request.id, { at: at(DAY), dueAt: at(30 * DAY) })).toBeUndefined();
    expect((await store.requests.byId(request.id))?.status).toBe('unverified');
  });

  it('verify writes its webhook and mail with it, or nothing at all', async () => {
    const store = await open();
    const a = (await store.requests.submit(submission())).request;
    const b = (await store.requests.submit(submission({ email: 'bob@example.com' }))).request;
    const done = await store.requests.verify(a.id, {
      at: at(10),
      dueAt: at(30 * DAY),
      outbox: [webhook(a.id, 'evt-1')],
      mail: [mailTo('ada@example.com', 'Request confirmed')],
    });
    expect(done?.status).toBe('verified');
    const [message] = await store.outbox.list({ limit: 10 });
    expect(message).toMatchObject({ eventId: 'evt-1', type: 'privacy_request.verified', data: { requestId: a.id } });
    const mailBefore = await store.mailQueue.counts();
    await expect(
      store.requests.verify(b.id, {
        at: at(10),
        dueAt: at(30 * DAY),
        outbox: [webhook(b.id, 'evt-1')],
        mail: [mailTo('bob@example.com')],
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect((await store.requests.byId(b.id))?.status).toBe('unverified');
    expect((await store.requests.events(b.id)).map((e) => e.kind)).not.toContain('verified');
    expect(await store.mailQueue.counts()).toEqual(mailBefore);
  });

  it('transition honours the rules and the optimistic from, and writes nothing when refused', async () => {
    const store = await open();
    const id = await verified(store);
    const move = { at: at(20), actor: 'staff-1' } as const;
    expect(await store.requests.transition(id, { ...move, to: 'in_progress', from: ['awaiting_systems'] })).toBe(
      undefined,
    );
    const working = await store.requests.transition(id, { ...move, to: 'in_progress', from: ['verified'] });
    expect(working).toMatchObject({ status: 'in_progress', completedAt: null });
    expect(await store.requests.transition(id, { ...move, to: 'in_progress' })).toBeUndefined();
    const rejected = await store.requests.transition(id, {
      ...move,
      at: at(30),
      to: 'rejected',
      detail: { reason: 'identity not confirmed' },
      mail: [mailTo('ada@example.com', 'Your request')],
    });
    expect(rejected).toMatchObject({ status: 'rejected', completedAt: at(30) });
    expect(await store.requests.transition(id, { ...move, to: 'completed' })).toBeUndefined();
    expect(await store.requests.transition('missing', { ...move, to: 'completed' })).toBeUndefined();
    const statusEvents = (await store.requests.events(id)).filter((e) => e.kind === 'status');
    expect(statusEvents.map((e) => [e.actor, e.detail])).toEqual([
      ['staff-1', { from: 'verified', to: 'in_progress' }],
      ['staff-1', { from: 'in_progress', to: 'rejected', detail: { reason: 'identity not confirmed' } }],
    ]);
  });

  it('extends a deadline once, with the reason and the event', async () => {
    const store = await open();
    const id = await verified(store);
    const unverified = (await store.requests.submit(submission({ email: 'x@example.com' }))).request;
    const input = { dueAt: at(90 * DAY), reason: 'complex: 14 systems', at: at(20), actor: 'staff-1' };
    expect(await store.requests.extend(unverified.id, input)).toBeUndefined();
    const extended = await store.requests.extend(id, input);
    expect(extended).toMatchObject({
      status: 'extended',
      dueAt: at(90 * DAY),
      extendedAt: at(20),
      extensionReason: 'complex: 14 systems',
    });
    await store.requests.transition(id, { to: 'in_progress', at: at(21), actor: 'staff-1' });
    expect(await store.requests.extend(id, { ...input, dueAt: at(200 * DAY) })).toBeUndefined();
    const [event] = (await store.requests.events(id)).filter((e) => e.kind === 'extended');
    expect(event?.detail).toEqual({
      from: 'verified',
      dueAt: at(90 * DAY).toISOString(),
      reason: 'complex: 14 systems',
    });
  });

  it('keeps the timeline in the order it happened, with notes and the restriction flag', async () => {
    const store = await open();
    const id = await verified(store);
    await store.requests.addEvent(id, { at: at(11), actor: 'staff-1', kind: 'note', detail: { text: 'called' } });
    expect(await store.requests.setRestricted(id, { restricted: true, at: at(12), actor: 'staff-2' })).toMatchObject({
      restricted: true,
    });
    expect(await store.requests.addEvent('missing', { at: at(1), actor: 's', kind: 'note', detail: null })).toBe(
      undefined,
    );
    expect(await store.requests.setRestricted('missing', { restricted: true, at: at(1), actor: 's' })).toBe(undefined);
    const events = await store.requests.events(id);
    expect(events.map((e) => e.kind)).toEqual(['received', 'verification_sent', 'verified', 'note', 'restricted']);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    expect(events[3]).toMatchObject({ requestId: id, at: at(11), actor: 'staff-1', detail: { text: 'called' } });
  });

  it('lists the most urgent first, undated last, filtered by status, paged and counted', async () => {
    const store = await open();
    const later = await verified(store, { email: 'a@example.com' });
    const sooner = await verified(store, { email: 'b@example.com' });
    await store.requests.extend(later, { dueAt: at(80 * DAY), reason: 'r', at: at(20), actor: 's' });
    await store.requests.extend(sooner, { dueAt: at(40 * DAY), reason: 'r', at: at(20), actor: 's' });
    const pending = (await store.requests.submit(submission({ email: 'c@example.com' }))).request.id;
    expect((await store.requests.list({ limit: 10 })).map((r) => r.id)).toEqual([sooner, later, pending]);
    expect((await store.requests.list({ limit: 1, offset: 1 })).map((r) => r.id)).toEqual([later]);
    expect((await store.requests.list({ statuses: ['unverified'], limit: 10 })).map((r) => r.id)).toEqual([pending]);
    expect(await store.requests.count({ statuses: ['extended', 'completed'] })).toBe(2);
    expect(await store.requests.list({ statuses: [], limit: 10 })).toEqual([]);
  });

  it('finds every request of the given email hashes, oldest first', async () => {
    const store = await open();
    const a = await verified(store, { email: 'ada@example.com', type: 'access', minute: 1 });
    const b = await verified(store, { email: 'ada@example.com', type: 'erase', minute: 2 });
    await verified(store, { email: 'bob@example.com' });
    const found = await store.requests.ofEmailHashes(['hash:ada@example.com', 'hash:nobody']);
    expect(found.map((r) => r.id)).toEqual([a, b]);
    expect(await store.requests.ofEmailHashes([])).toEqual([]);
  });

  it('keeps one report per connected system, the last one winning, each with an event', async () => {
    const store = await open();
    const id = await verified(store);
    expect(
      await store.requests.reportSystem(id, { system: 'crm', status: 'pending', data: null, reportedAt: at(11) }),
    ).toBe(true);
    await store.requests.reportSystem(id, { system: 'billing', status: 'not_found', data: null, reportedAt: at(12) });
    await store.requests.reportSystem(id, { system: 'crm', status: 'done', data: { name: 'Ada' }, reportedAt: at(13) });
    expect(
      await store.requests.reportSystem('missing', { system: 'crm', status: 'done', data: null, reportedAt: at(1) }),
    ).toBe(false);
    expect(await store.requests.systemReports(id)).toEqual([
      { requestId: id, system: 'billing', status: 'not_found', data: null, reportedAt: at(12) },
      { requestId: id, system: 'crm', status: 'done', data: { name: 'Ada' }, reportedAt: at(13) },
    ]);
    const actors = (await store.requests.events(id)).filter((e) => e.kind === 'system_report').map((e) => e.actor);
    expect(actors).toEqual(['system:crm', 'system:billing', 'system:crm']);
  });

  it('saves an export, hands it out until it expires, then deletes it', async () => {
    const store = await open();
    const id = await verified(store);
    const pkg = {
      requestId: id,
      codeHash: 'c1',
      bytes: new Uint8Array([80, 75, 3, 4]),
      createdAt: at(20),
      expiresAt: at(7 * DAY),
    };
    expect(await store.requests.saveExport(pkg, 'staff-1')).toBe(true);
    expect(await store.requests.saveExport({ ...pkg, requestId: 'missing' }, 'staff-1')).toBe(false);
    expect(await store.requests.getExport(id, at(21))).toEqual(pkg);
    expect(await store.requests.getExport(id, at(7 * DAY))).toBeUndefined();
    expect(await store.requests.deleteExpiredExports(at(7 * DAY - 1))).toBe(0);
    expect(await store.requests.deleteExpiredExports(at(7 * DAY))).toBe(1);
    expect(await store.requests.getExport(id, at(21))).toBeUndefined();
    expect((await store.requests.events(id)).map((e) => e.kind)).toContain('export_ready');
  });

  it('deletes unverified requests received before the cut-off, with their mail, and keeps verified ones', async () => {
    const store = await open();
    const old = (
      await store.requests.submit(submission({ email: 'old@example.com', mail: [mailTo('old@example.com')] }))
    ).request;
    const fresh = (await store.requests.submit(submission({ email: 'new@example.com', minute: 8 * DAY }))).request;
    const kept = await verified(store, { email: 'v@example.com' });
    expect(await store.requests.deleteUnverified(at(7 * DAY))).toBe(1);
    expect(await store.requests.byId(old.id)).toBeUndefined();
    expect(await store.requests.events(old.id)).toEqual([]);
    expect(await store.mailQueue.counts()).toEqual({ pending: 0, sent: 0, dead: 0 });
    expect(await store.requests.byId(fresh.id)).toBeDefined();
    expect(await store.requests.byId(kept)).toBeDefined();
  });

  it('minimises closed requests to proof: personal fields go, ids, status, dates and the timeline stay', async () => {
    const store = await open();
    const id = await verified(store);
    const open_ = await verified(store, { email: 'bob@example.com' });
    await store.requests.addEvent(id, { at: at(11), actor: 'staff-1', kind: 'note', detail: { text: 'Ada called' } });
    await store.requests.reportSystem(id, { system: 'crm', status: 'done', data: { name: 'Ada' }, reportedAt: at(12) });
    const pkg = { requestId: id, codeHash: 'c', bytes: new Uint8Array([1]), createdAt: at(13), expiresAt: at(9 * DAY) };
    await store.requests.saveExport(pkg, 'staff-1');
    await store.requests.transition(id, { to: 'completed', at: at(20), actor: 'staff-1' });
    const [unsent] = await store.mailQueue.enqueue([{ ...mailTo('ada@example.com'), requestId: id }], at(21));
    const before = await store.requests.byId(id);
    expect(await store.requests.minimiseCompleted(at(20))).toBe(0);
    expect(await store.requests.minimiseCompleted(at(21), at(100))).toBe(1);
    expect(await store.requests.minimiseCompleted(at(21), at(101))).toBe(0);
    expect(await store.requests.byId(id)).toEqual({
      ...before,
      email: null,
      emailHash: null,
      details: null,
      rectification: null,
      minimisedAt: at(100),
    });
    const events = await store.requests.events(id);
    expect(events.map((e) => e.kind)).toEqual([
      'received',
      'verification_sent',
      'verified',
      'note',
      'system_report',
      'export_ready',
      'status',
    ]);
    expect(events.every((e) => e.detail === null)).toBe(true);
    expect((await store.requests.systemReports(id))[0]).toMatchObject({ status: 'done', data: null });
    expect(await store.requests.getExport(id, at(22))).toBeUndefined();
    expect(await store.mailQueue.byId(unsent ?? -1)).toBeUndefined();
    expect((await store.requests.byId(open_))?.email).toBe('bob@example.com');
  });

  it('eraseEmail minimises every other request of the address and spares the erase request itself', async () => {
    const store = await open();
    const access = await verified(store, { type: 'access', minute: 1 });
    const pending = (await store.requests.submit(submission({ type: 'port', minute: 2, token: 'tp' }))).request.id;
    const erase = await verified(store, { type: 'erase', minute: 3 });
    const bob = await verified(store, { email: 'bob@example.com' });
    expect(await store.requests.eraseEmail(['hash:ada@example.com'], erase, { at: at(50), actor: 'staff-1' })).toBe(2);
    for (const id of [access, pending]) {
      expect(await store.requests.byId(id)).toMatchObject({ email: null, emailHash: null, minimisedAt: at(50) });
    }
    expect(await store.requests.byVerificationToken('tp', at(51))).toBeUndefined();
    expect(await store.requests.byId(erase)).toMatchObject({ email: 'ada@example.com', minimisedAt: null });
    expect((await store.requests.byId(bob))?.email).toBe('bob@example.com');
    const [erased] = (await store.requests.events(erase)).filter((e) => e.kind === 'erased');
    expect(erased).toMatchObject({ actor: 'staff-1', detail: { minimised: 2 } });
    expect(await store.requests.ofEmailHashes(['hash:ada@example.com'])).toHaveLength(1);
  });
});
