// Webhooks that are not about a suppression (privacy_request.verified) post their own `data`.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.ts';
import { createMemoryRecordStore } from '../store/memory/records.ts';
import { at, submission } from '../store/requests.fixtures.ts';
import { createOutboxDispatcher } from './dispatcher.ts';
import { startReceiver } from './receiver.fixtures.ts';

const SECRET = 'whsec-test-secret';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('outbox dispatcher, privacy_request.verified', () => {
  it('posts the message data with the email as the body data, signed, and drops both once delivered', async () => {
    const clock = () => at(10);
    const receiver = await startReceiver(SECRET, clock);
    cleanups.push(receiver.close);
    const store = createMemoryRecordStore();
    const { request } = await store.requests.submit(submission());
    const data = {
      id: request.id,
      reference: request.reference,
      type: 'erase',
      restricted: false,
      callback_url: `https://candor.example/api/privacy-requests/${request.id}/systems/crm`,
    };
    await store.requests.verify(request.id, {
      at: at(10),
      dueAt: at(100),
      outbox: [
        {
          eventId: 'evt-pr-1',
          type: 'privacy_request.verified',
          target: 'crm',
          email: 'ada@example.com',
          list: '',
          source: 'privacy-request',
          occurredAt: at(10),
          data,
        },
      ],
    });
    const lines: string[] = [];
    const dispatcher = createOutboxDispatcher({
      outbox: store.outbox,
      targets: new Map([['crm', { url: receiver.url, secret: SECRET }]]),
      logger: createLogger('debug', { write: (line: string) => void lines.push(line) }),
      now: clock,
    });
    expect(await dispatcher.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    const [hit] = receiver.raw;
    expect(hit?.validSignature).toBe(true);
    expect(hit?.headers['candor-event-type']).toBe('privacy_request.verified');
    expect(JSON.parse(hit?.body ?? '')).toEqual({
      id: 'evt-pr-1',
      type: 'privacy_request.verified',
      created_at: at(10).toISOString(),
      data: { ...data, email: 'ada@example.com' },
    });
    expect((await store.outbox.list({ limit: 1 }))[0]).toMatchObject({ status: 'delivered', email: null, data: null });
    expect(lines.join('\n')).not.toContain('ada@example.com');
  });
});
