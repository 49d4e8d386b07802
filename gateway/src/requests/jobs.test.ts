import { describe, expect, it } from 'vitest';
import { fulfilDeps, seedRequest, T0 } from './fulfil.fixtures.ts';
import { type ReminderCounts, remindDeadlines } from './jobs.ts';

type Env = ReturnType<typeof fulfilDeps>;
const run = (env: Env) => remindDeadlines(env.deps, { now: new Date(env.deps.now()) });

/** Every reminder mail in the queue, as subject and recipient. */
async function reminderMails(env: Env) {
  const mails = [];
  for (let id = 1; ; id++) {
    const mail = await env.records.mailQueue.byId(id);
    if (!mail) break;
    if (mail.subject?.includes('attention')) mails.push({ to: mail.to, subject: mail.subject, text: mail.text });
  }
  return mails;
}

describe('remindDeadlines: reminders', () => {
  it('reminds the privacy contact once per request and stage, across runs', async () => {
    const env = fulfilDeps();
    const request = await seedRequest(env.deps, { dueDays: 10 });
    expect((await run(env)).reminders).toEqual({ '7d': 0, '2d': 0, overdue: 0 });

    const stages: ReminderCounts['reminders'][] = [];
    // Hourly runs for 13 days: 7 days ahead, 2 days ahead, then overdue.
    for (let hour = 0; hour < 13 * 24; hour++) {
      env.advance(3_600_000);
      const counts = await run(env);
      if (counts.reminderMails > 0) stages.push(counts.reminders);
    }
    expect(stages).toEqual([
      { '7d': 1, '2d': 0, overdue: 0 },
      { '7d': 0, '2d': 1, overdue: 0 },
      { '7d': 0, '2d': 0, overdue: 1 },
    ]);
    const mails = await reminderMails(env);
    expect(mails.map((m) => m.to)).toEqual(Array(3).fill(env.deps.config.company.privacyContact));
    expect(mails[2]?.text).toContain(request.reference);
    const events = (await env.records.requests.events(request.id)).filter((e) => e.kind === 'email');
    expect(events.map((e) => (e.detail as { reminder?: string } | null)?.reminder)).toEqual([
      undefined, // the verification mail of the fixture
      '7d',
      '2d',
      'overdue',
    ]);
    expect(env.wakes()).toBe(3);
  });

  it('mails every notify address, groups requests by stage, and skips closed ones', async () => {
    const base = fulfilDeps();
    const notify = ['dpo@example.com', 'legal@example.com'];
    const env = fulfilDeps({
      config: { ...base.deps.config, privacyRequests: { ...base.deps.config.privacyRequests, notify } },
    });
    const soon = await seedRequest(env.deps, { dueDays: 5 });
    const closer = await seedRequest(env.deps, { dueDays: 1 });
    const late = await seedRequest(env.deps, { dueDays: -1 });
    const done = await seedRequest(env.deps, { dueDays: -3 });
    await env.records.requests.transition(done.id, { to: 'completed', at: T0, actor: 'u1' });
    await seedRequest(env.deps, { dueDays: 20 });
    await seedRequest(env.deps, { dueDays: -2, unverified: true });

    const counts = await run(env);
    expect(counts.reminders).toEqual({ '7d': 1, '2d': 1, overdue: 1 });
    expect(counts.reminderMails).toBe(2);
    const mails = await reminderMails(env);
    expect(mails.map((m) => m.to)).toEqual(notify);
    const text = mails[0]?.text ?? '';
    expect(text).toMatch(new RegExp(`Overdue \\(1\\)[\\s\\S]*${late.reference}`));
    expect(text).toMatch(new RegExp(`Due within 2 days \\(1\\)[\\s\\S]*${closer.reference}`));
    expect(text).toMatch(new RegExp(`Due within 7 days \\(1\\)[\\s\\S]*${soon.reference}`));
    expect(text).not.toContain(done.reference);

    expect((await run(env)).reminderMails).toBe(0);
  });
});

describe('remindDeadlines: a crash between the mail and its record', () => {
  it('sends the reminder again on the next run rather than losing it', async () => {
    const env = fulfilDeps();
    await seedRequest(env.deps, { dueDays: 1 });
    const addEvent = env.records.requests.addEvent.bind(env.records.requests);
    env.records.requests.addEvent = async () => {
      throw new Error('store went away');
    };
    await expect(run(env)).rejects.toThrow('store went away');
    env.records.requests.addEvent = addEvent;
    expect((await run(env)).reminders['2d']).toBe(1);
    expect((await run(env)).reminderMails).toBe(0);
    expect(await reminderMails(env)).toHaveLength(2);
  });
});
