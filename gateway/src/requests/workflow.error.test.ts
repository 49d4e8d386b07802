import { describe, expect, it } from 'vitest';
import { demoConfig } from '../testing.ts';
import { queued, seedRequest, T0, workflowDeps } from './workflow.fixtures.ts';
import {
  addNote,
  completeRequest,
  extendRequest,
  rejectRequest,
  sendReply,
  startWork,
  WorkflowError,
  waitForSystems,
} from './workflow.ts';

const OFFICER = 'user-officer-1';

/** The request, its timeline and the mail queue, to show a refusal changed nothing. */
async function snapshot(deps: ReturnType<typeof workflowDeps>, id: string) {
  return {
    request: await deps.records.requests.byId(id),
    events: await deps.records.requests.events(id),
    mail: await queued(deps.records),
    audit: await deps.records.audit.list(),
  };
}

async function refusal(promise: Promise<unknown>): Promise<WorkflowError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowError)) throw new Error(`expected a WorkflowError, got ${String(error)}`);
  return error;
}

describe('refused actions change nothing', () => {
  it('extends only once', async () => {
    const t = workflowDeps();
    const request = await seedRequest(t.deps);
    await extendRequest(t.deps, request.id, OFFICER, 'Complex.');
    const before = await snapshot(t, request.id);
    const error = await refusal(extendRequest(t.deps, request.id, OFFICER, 'Again.'));
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining('only once') });
    expect(await snapshot(t, request.id)).toEqual(before);
  });

  it.each([
    ['an empty reason', ''],
    ['a blank reason', '   \n '],
    ['a reason over 2,000 characters', 'x'.repeat(2001)],
  ])('refuses to extend with %s', async (_, reason) => {
    const t = workflowDeps();
    const request = await seedRequest(t.deps);
    const before = await snapshot(t, request.id);
    expect((await refusal(extendRequest(t.deps, request.id, OFFICER, reason))).code).toBe('invalid');
    expect(await snapshot(t, request.id)).toEqual(before);
  });

  it.each([[''], ['\n \n'], [[] as string[]]])('refuses to reject without reasons (%j)', async (reasons) => {
    const t = workflowDeps();
    const request = await seedRequest(t.deps);
    const before = await snapshot(t, request.id);
    const error = await refusal(rejectRequest(t.deps, request.id, OFFICER, reasons));
    expect(error).toMatchObject({ code: 'invalid', message: expect.stringContaining('at least one') });
    expect(await snapshot(t, request.id)).toEqual(before);
  });

  it('refuses to complete a rectification without saying what was corrected', async () => {
    const t = workflowDeps();
    const request = await seedRequest(t.deps, { type: 'rectify' });
    const before = await snapshot(t, request.id);
    expect((await refusal(completeRequest(t.deps, request.id, OFFICER, ' '))).code).toBe('invalid');
    expect(await snapshot(t, request.id)).toEqual(before);
  });

  it.each(['completed', 'rejected'] as const)('a %s request takes no more actions but notes', async (end) => {
    const t = workflowDeps();
    const request = await seedRequest(t.deps, { type: 'restrict' });
    if (end === 'completed') await completeRequest(t.deps, request.id, OFFICER);
    else await rejectRequest(t.deps, request.id, OFFICER, 'No.');
    const before = await snapshot(t, request.id);
    for (const action of [
      startWork(t.deps, request.id, OFFICER),
      waitForSystems(t.deps, request.id, OFFICER),
      extendRequest(t.deps, request.id, OFFICER, 'Late.'),
      completeRequest(t.deps, request.id, OFFICER),
      rejectRequest(t.deps, request.id, OFFICER, 'No.'),
    ]) {
      expect(await refusal(action)).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining(`it is ${end}`),
      });
    }
    expect(await snapshot(t, request.id)).toEqual(before);
    await addNote(t.deps, request.id, OFFICER, 'Filed the paperwork.');
  });

  it('an unconfirmed request takes no actions and no email', async () => {
    const t = workflowDeps();
    const request = await seedRequest(t.deps, { unverified: true });
    const before = await snapshot(t, request.id);
    expect((await refusal(startWork(t.deps, request.id, OFFICER))).code).toBe('conflict');
    expect((await refusal(rejectRequest(t.deps, request.id, OFFICER, 'x'))).code).toBe('conflict');
    expect((await refusal(sendReply(t.deps, request.id, OFFICER, { template: 'status', text: 'Hi' }))).code).toBe(
      'conflict',
    );
    expect(await snapshot(t, request.id)).toEqual(before);
  });

  it('a minimised request takes nothing at all', async () => {
    const t = workflowDeps();
    const request = await seedRequest(t.deps, { type: 'restrict' });
    await completeRequest(t.deps, request.id, OFFICER);
    await t.records.requests.minimiseCompleted(new Date(T0.getTime() + 60_000), T0);
    expect((await refusal(addNote(t.deps, request.id, OFFICER, 'x'))).message).toContain('reduced to proof');
  });

  it('an unknown request is not found', async () => {
    const t = workflowDeps();
    expect((await refusal(startWork(t.deps, 'no-such-id', OFFICER))).code).toBe('not_found');
  });

  it('waiting is refused when no system is connected, or when every one has reported', async () => {
    const none = workflowDeps({ config: demoConfig });
    const lonely = await seedRequest(none.deps);
    expect((await refusal(waitForSystems(none.deps, lonely.id, OFFICER))).message).toContain(
      'no connected system is configured',
    );

    const t = workflowDeps();
    const request = await seedRequest(t.deps);
    for (const system of ['crm', 'esp']) {
      await t.records.requests.reportSystem(request.id, { system, status: 'done', data: null, reportedAt: T0 });
    }
    expect((await refusal(waitForSystems(t.deps, request.id, OFFICER))).message).toContain('already reported');
  });

  it('a reply needs a known template and some text', async () => {
    const t = workflowDeps();
    const request = await seedRequest(t.deps);
    expect((await refusal(sendReply(t.deps, request.id, OFFICER, { template: 'verify', text: 'Hi' }))).code).toBe(
      'invalid',
    );
    expect((await refusal(sendReply(t.deps, request.id, OFFICER, { template: 'status', text: ' ' }))).code).toBe(
      'invalid',
    );
    expect(await queued(t.records)).toEqual([]);
  });
});
