// The outbox `data` column (migration 7): a webhook that is not about a suppression carries its own payload.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewOutboxMessage } from './records.ts';
import { adapters, at, submission } from './requests.fixtures.ts';
import { write } from './suppressions.fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe.each(adapters(cleanups))('%s outbox data', (_name, open) => {
  it('round-trips a data payload, drops it with the email on delivery, and leaves suppression rows without', async () => {
    const store = await open();
    await store.suppressions.add([write('h1', 'newsletter', { targets: ['crm'] })]);
    const { request } = await store.requests.submit(submission());
    const data = {
      requestId: request.id,
      reference: request.reference,
      type: 'access',
      restricted: false,
      nested: [1, { a: 'b' }],
    };
    const message: NewOutboxMessage = {
      eventId: 'evt-pr',
      type: 'privacy_request.verified',
      target: 'crm',
      email: 'ada@example.com',
      list: '',
      source: 'privacy-request',
      occurredAt: at(10),
      data,
    };
    await store.requests.verify(request.id, { at: at(10), dueAt: at(100), outbox: [message] });
    const [verified, suppression] = await store.outbox.list({ limit: 10 });
    expect(suppression?.data).toBeNull();
    expect(verified).toMatchObject({ eventId: 'evt-pr', email: 'ada@example.com', data, status: 'pending' });
    await store.outbox.delivered(verified?.id ?? -1, at(11));
    const [after] = await store.outbox.list({ status: 'delivered', limit: 1 });
    expect(after).toMatchObject({ eventId: 'evt-pr', email: null, data: null });
  });
});
