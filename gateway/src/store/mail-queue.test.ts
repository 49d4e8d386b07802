// One contract for both RecordStore adapters' mail queue, so the memory twin stays in step.
import { afterEach, describe, expect, it } from 'vitest';
import { MAIL_ERROR_MAX, type NewMail } from './records.ts';
import { adapters, at } from './requests.fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const mail = (to: string): NewMail => ({ to, subject: `For ${to}`, text: 'text', html: '<p>html</p>' });

describe.each(adapters(cleanups))('%s mail queue', (_name, open) => {
  it('holds new mail pending and due at the enqueue time, oldest first, up to the limit', async () => {
    const { mailQueue } = await open();
    const [a, b] = await mailQueue.enqueue([mail('a@example.com'), mail('b@example.com')], at(0));
    const [c] = await mailQueue.enqueue([mail('c@example.com')], at(10));
    expect((await mailQueue.due(at(5), 10)).map((m) => m.id)).toEqual([a, b]);
    expect((await mailQueue.due(at(10), 2)).map((m) => m.id)).toEqual([a, b]);
    expect((await mailQueue.due(at(10), 10)).map((m) => m.id)).toEqual([a, b, c]);
    expect((await mailQueue.due(at(0), 1))[0]).toMatchObject({
      to: 'a@example.com',
      subject: 'For a@example.com',
      text: 'text',
      html: '<p>html</p>',
      requestId: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at(0),
      createdAt: at(0),
    });
  });

  it('sent keeps only the fact and the times: address and body are gone', async () => {
    const { mailQueue } = await open();
    const [id = -1] = await mailQueue.enqueue([mail('a@example.com')], at(0));
    await mailQueue.sent(id, at(1));
    expect(await mailQueue.byId(id)).toEqual({
      id,
      requestId: null,
      to: null,
      subject: null,
      text: null,
      html: null,
      status: 'sent',
      attempts: 1,
      nextAttemptAt: at(0),
      lastError: null,
      sentAt: at(1),
      createdAt: at(0),
    });
    expect(await mailQueue.due(at(100), 10)).toEqual([]);
  });

  it('failed waits for the retry time, then gives up as dead, keeping the mail for an admin retry', async () => {
    const { mailQueue } = await open();
    const [id = -1] = await mailQueue.enqueue([mail('a@example.com')], at(0));
    await mailQueue.failed(id, { error: 'ECONNREFUSED', at: at(1), retryAt: at(5) });
    expect(await mailQueue.due(at(4), 10)).toEqual([]);
    expect((await mailQueue.due(at(5), 10))[0]).toMatchObject({ id, attempts: 1, lastError: 'ECONNREFUSED' });
    await mailQueue.failed(id, { error: 'x'.repeat(2000), at: at(6), retryAt: null });
    const dead = await mailQueue.byId(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 2, to: 'a@example.com' });
    expect(dead?.lastError?.length).toBe(MAIL_ERROR_MAX);
    expect(await mailQueue.due(at(1000), 10)).toEqual([]);
    // Late reports for a message that is no longer pending change nothing.
    await mailQueue.sent(id, at(7));
    expect((await mailQueue.byId(id))?.status).toBe('dead');
    expect(await mailQueue.retry(id, at(50))).toBe(true);
    expect((await mailQueue.due(at(50), 10))[0]).toMatchObject({ id, attempts: 0, nextAttemptAt: at(50) });
    expect(await mailQueue.retry(999_999, at(50))).toBe(false);
  });

  it('counts by status and purges sent mail older than the cut-off, never dead letters', async () => {
    const { mailQueue } = await open();
    const [a = -1, b = -1, c = -1, d = -1] = await mailQueue.enqueue(
      ['a', 'b', 'c', 'd'].map((x) => mail(`${x}@example.com`)),
      at(0),
    );
    await mailQueue.sent(a, at(1));
    await mailQueue.sent(b, at(100));
    await mailQueue.failed(c, { error: 'EAUTH', at: at(1), retryAt: null });
    expect(await mailQueue.counts()).toEqual({ pending: 1, sent: 2, dead: 1 });
    expect(await mailQueue.retry(a, at(2))).toBe(false);
    expect(await mailQueue.purgeSent(at(50))).toBe(1);
    expect(await mailQueue.purgeSent(at(50))).toBe(0);
    expect(await mailQueue.counts()).toEqual({ pending: 1, sent: 1, dead: 1 });
    expect(await mailQueue.byId(a)).toBeUndefined();
    expect((await mailQueue.byId(d))?.status).toBe('pending');
  });

  it('purges dead letters, address and body included, queued before the cut-off', async () => {
    const { mailQueue } = await open();
    const [old = -1] = await mailQueue.enqueue([mail('old@example.com')], at(0));
    const [recent = -1] = await mailQueue.enqueue([mail('recent@example.com')], at(60));
    await mailQueue.failed(old, { error: 'EAUTH', at: at(1), retryAt: null });
    await mailQueue.failed(recent, { error: 'EAUTH', at: at(61), retryAt: null });
    expect(await mailQueue.purgeDead(at(50))).toBe(1);
    expect(await mailQueue.purgeDead(at(50))).toBe(0);
    expect(await mailQueue.byId(old)).toBeUndefined();
    expect(await mailQueue.byId(recent)).toMatchObject({ status: 'dead', to: 'recent@example.com' });
  });
});
