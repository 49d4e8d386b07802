import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.ts';
import type { MailMessage } from '../mail/port.ts';
import { createMemoryRecordStore } from '../store/memory/records.ts';
import { createMailDispatcher, type MailDispatcherOptions } from './mail-dispatcher.ts';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const ADDRESS = 'ada.lovelace@example.com';

/** A transport that fails as planned (attempt n → error or ok), with a clock, captured logs and one queued mail. */
async function setup(plan: (n: number) => Error | undefined = () => undefined, delayMs = 0) {
  let nowMs = T0.getTime();
  const clock = () => new Date(nowMs);
  const store = createMemoryRecordStore();
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  const sent: MailMessage[] = [];
  let attempts = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const transport = {
    async send(message: MailMessage) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight--;
      const error = plan(++attempts);
      if (error) throw error;
      sent.push(message);
      return { id: `m-${attempts}` };
    },
  };
  const [id = -1] = await store.mailQueue.enqueue(
    [{ to: ADDRESS, subject: `Your request, ${ADDRESS}`, text: `Dear ${ADDRESS}`, html: `<p>${ADDRESS}</p>` }],
    clock(),
  );
  const dispatcher = (overrides: Partial<MailDispatcherOptions> = {}) =>
    createMailDispatcher({
      queue: store.mailQueue,
      transport,
      logger,
      now: clock,
      random: () => 0,
      retry: { baseMs: 1_000, maxMs: 60_000, maxAttempts: 3 },
      ...overrides,
    });
  return {
    store,
    id,
    sent,
    lines,
    dispatcher,
    advance: (ms: number) => {
      nowMs += ms;
    },
    maxInFlight: () => maxInFlight,
  };
}

/** An SMTP-like error whose message quotes the recipient, as real servers do. */
const rejected = () => Object.assign(new Error(`450 4.2.1 <${ADDRESS}>: mailbox busy`), { code: 'EENVELOPE' });

describe('mail dispatcher with a fake transport', () => {
  it('retries a failed send on the backoff schedule, then sends and drops the address and body', async () => {
    const { store, id, sent, dispatcher, advance } = await setup((n) => (n === 1 ? rejected() : undefined));
    const d = dispatcher();
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    expect(await store.mailQueue.byId(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'Error (EENVELOPE)',
    });
    advance(499); // random() = 0: half the 1 s base
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    advance(1);
    expect(await d.runOnce()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(sent.map((m) => m.to)).toEqual([ADDRESS]);
    expect(await store.mailQueue.byId(id)).toMatchObject({
      status: 'sent',
      to: null,
      subject: null,
      text: null,
      html: null,
    });
  });

  it('gives up after maxAttempts and keeps the dead letter for an admin retry', async () => {
    const { store, id, dispatcher, advance } = await setup(() => rejected());
    const d = dispatcher();
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await d.runOnce());
      advance(60_000);
    }
    expect(results.at(-1)).toEqual({ sent: 0, failed: 0, dead: 1 });
    expect(await store.mailQueue.byId(id)).toMatchObject({ status: 'dead', attempts: 3, to: ADDRESS });
  });

  it('never runs two passes at once: a call during a run is served by one run after it', async () => {
    const { store, dispatcher, sent, maxInFlight } = await setup(undefined, 20);
    await store.mailQueue.enqueue([{ to: 'b@example.com', subject: 's', text: 't', html: 'h' }], T0);
    const d = dispatcher();
    const [a, b, c] = await Promise.all([d.runOnce(), d.runOnce(), d.runOnce()]);
    expect(a).toEqual({ sent: 2, failed: 0, dead: 0 });
    expect(b).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(c).toBe(b);
    expect(sent).toHaveLength(2);
    expect(maxInFlight()).toBe(1);
    await d.stop();
  });

  it('logs the mail id and outcome, never the address, subject, body or transport message', async () => {
    const { lines, dispatcher, id, advance } = await setup((n) => (n === 1 ? rejected() : undefined));
    const d = dispatcher();
    await d.runOnce();
    advance(1_000);
    await d.runOnce();
    const log = lines.join('\n');
    expect(log).toContain(`"mailId":${id}`);
    expect(log).toContain('"outcome":"failed"');
    expect(log).toContain('"outcome":"sent"');
    expect(log).not.toContain('ada.lovelace');
    expect(log).not.toContain('mailbox busy');
  });

  it('wake sends right away and stop waits for the run in flight', async () => {
    const { store, id, dispatcher } = await setup(undefined, 10);
    const d = dispatcher();
    d.wake();
    await d.stop();
    expect((await store.mailQueue.byId(id))?.status).toBe('sent');
    d.wake(); // after stop: ignored
    expect(await store.mailQueue.counts()).toEqual({ pending: 0, sent: 1, dead: 0 });
  });
});
