// Mail bombing through the request form (issue 16, item 5): how many verification mails one
// mailbox gets from aliases of itself, and how many one IPv6 /64 can make the gateway send.
import { describe, expect, it } from 'vitest';
import { appAt, submitJson } from './routes.fixtures.ts';

const T0 = '2026-03-10T09:00:00.000Z';
const HOUR = 60 * 60 * 1000;

/** Twenty spellings of one Gmail mailbox: `+tag`s, dots, googlemail.com. */
const BOB_ALIASES = [
  ...Array.from({ length: 8 }, (_, i) => `bob+${i + 1}@gmail.com`),
  'b.ob@gmail.com',
  'bo.b@gmail.com',
  'b.o.b@gmail.com',
  'b.o.b+x@gmail.com',
  'bob@googlemail.com',
  'b.ob@googlemail.com',
  'bob+2@googlemail.com',
  'b..ob@gmail.com',
  'bob+news@gmail.com',
  'bob+@gmail.com',
  '.bob@gmail.com',
  'bob.@googlemail.com',
];
/** Twenty addresses of one /64. */
const ONE_64 = Array.from({ length: 20 }, (_, i) => `2001:db8:5:6:${(i + 1).toString(16)}::${i + 7}`);
/** Twenty unrelated IPv4 clients. */
const IPV4 = Array.from({ length: 20 }, (_, i) => `198.51.100.${i + 1}`);

/** Submits one erase request per (address, client) pair at one instant; counts the mails queued. */
async function flood(emails: readonly string[], peers: readonly string[]) {
  const { app, deps } = appAt(T0);
  const statuses = new Set<number>();
  for (const [i, email] of emails.entries()) {
    const res = await submitJson(app, { type: 'erase', email }, { 'x-test-peer': peers[i] ?? '' });
    statuses.add(res.status);
  }
  const due = (ms: number) => deps.records.mailQueue.due(new Date(new Date(T0).getTime() + ms), 1000);
  return { now: (await due(0)).length, withinHour: (await due(HOUR)).length, statuses: [...statuses] };
}

describe('mail bombing through the request form', () => {
  it('twenty aliases of one mailbox get it 3 verification mails at once and 1 more within the hour', async () => {
    expect(new Set(BOB_ALIASES).size).toBe(20);
    expect(await flood(BOB_ALIASES, IPV4)).toEqual({ now: 3, withinHour: 4, statuses: [202] });
  });

  it('twenty addresses of one /64 count as one client: 5 submissions an hour, then 429', async () => {
    const strangers = ONE_64.map((_, i) => `person${i}@example.com`);
    expect(await flood(strangers, ONE_64)).toEqual({ now: 5, withinHour: 5, statuses: [202, 429] });
  });

  it('twenty aliases from twenty addresses of one /64 get the mailbox 3 mails, and 1 more within the hour', async () => {
    expect(await flood(BOB_ALIASES, ONE_64)).toEqual({ now: 3, withinHour: 4, statuses: [202, 429] });
  });
});
