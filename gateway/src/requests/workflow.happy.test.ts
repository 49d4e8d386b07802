import { describe, expect, it } from 'vitest';
import { downloadCodeHash } from './export.ts';
import { DAY_MS, EMAIL, queued, seedRequest, T0, workflowDeps } from './workflow.fixtures.ts';
import {
  addNote,
  advanceIfSystemsReported,
  completeRequest,
  draftReply,
  extendRequest,
  REPLY_TEMPLATES,
  rejectRequest,
  sendReply,
  startWork,
  waitForSystems,
} from './workflow.ts';

const OFFICER = 'user-officer-1';

describe('officer actions', () => {
  it('start work: verified → in_progress, a status event by the officer, the status mail, the dispatcher woken', async () => {
    const { deps, records, wakes } = workflowDeps();
    const request = await seedRequest(deps);
    const moved = await startWork(deps, request.id, OFFICER, { notify: true });
    expect(moved.status).toBe('in_progress');
    const status = (await records.requests.events(request.id)).find((e) => e.kind === 'status');
    expect(status).toMatchObject({ actor: OFFICER, detail: { from: 'verified', to: 'in_progress' } });
    const [mail] = await queued(records);
    expect(mail).toMatchObject({ to: EMAIL, requestId: request.id });
    expect(mail?.subject).toBe(`Your privacy request ${request.reference}: In progress`);
    expect(wakes()).toBe(1);
    const [audit] = await records.audit.list({ limit: 1 });
    expect(audit).toMatchObject({
      actor: `user:${OFFICER}`,
      action: 'request.started',
      target: `request:${request.id}`,
      after: { status: 'in_progress' },
    });
    expect(JSON.stringify(audit)).not.toContain(EMAIL);
  });

  it('start work without notify sends no mail', async () => {
    const { deps, records } = workflowDeps();
    const request = await seedRequest(deps);
    await startWork(deps, request.id, OFFICER);
    expect(await queued(records)).toEqual([]);
  });

  it('a note is a timeline event with its text, by the officer', async () => {
    const { deps, records } = workflowDeps();
    const request = await seedRequest(deps);
    await addNote(deps, request.id, OFFICER, '  Called the CRM team; they look for a second account.  ');
    const note = (await records.requests.events(request.id)).find((e) => e.kind === 'note');
    expect(note).toMatchObject({
      actor: OFFICER,
      detail: { text: 'Called the CRM team; they look for a second account.' },
    });
  });
});

describe('waiting for connected systems', () => {
  it('moves to in_progress by itself once every subscribed system has a final report', async () => {
    const { deps, records } = workflowDeps();
    const request = await seedRequest(deps);
    await waitForSystems(deps, request.id, OFFICER, { notify: true });
    expect((await queued(records))[0]?.subject).toContain('Waiting for answers from our other systems');

    const report = (system: string, status: 'pending' | 'done' | 'not_found') =>
      records.requests.reportSystem(request.id, { system, status, data: null, reportedAt: T0 });
    await report('crm', 'done');
    await report('esp', 'pending');
    // `shop` hears only of unsubscribes, and a pending report is no answer: still waiting.
    await report('shop', 'done');
    expect(await advanceIfSystemsReported(deps, request.id)).toBeUndefined();
    expect((await records.requests.byId(request.id))?.status).toBe('awaiting_systems');

    await report('esp', 'not_found');
    expect((await advanceIfSystemsReported(deps, request.id))?.status).toBe('in_progress');
    const last = (await records.requests.events(request.id)).filter((e) => e.kind === 'status').at(-1);
    expect(last).toMatchObject({ actor: 'system', detail: { from: 'awaiting_systems', to: 'in_progress' } });
  });

  it('the officer can start anyway; the event records the override and who was still silent', async () => {
    const { deps, records } = workflowDeps();
    const request = await seedRequest(deps);
    await waitForSystems(deps, request.id, OFFICER);
    await records.requests.reportSystem(request.id, { system: 'crm', status: 'done', data: null, reportedAt: T0 });
    await startWork(deps, request.id, OFFICER);
    const last = (await records.requests.events(request.id)).filter((e) => e.kind === 'status').at(-1);
    expect(last).toMatchObject({
      actor: OFFICER,
      detail: { to: 'in_progress', detail: { override: true, waitingFor: ['esp'] } },
    });
  });
});

describe('extend', () => {
  it.each([
    // Received 2 March (Berlin); due 2 April; extended to the end of 2 June, Berlin summer time.
    ['gdpr', '2026-04-02T21:59:59.999Z', '2026-06-02T21:59:59.999Z'],
    // Due 16 April (45 days); extended by 45 more days to 31 May.
    ['ccpa', '2026-04-16T21:59:59.999Z', '2026-05-31T21:59:59.999Z'],
  ] as const)(
    '%s: from the original due date %s to %s, with the reason mailed',
    async (jurisdiction, due, extended) => {
      const { deps, records } = workflowDeps();
      const request = await seedRequest(deps, { jurisdiction });
      expect(request.dueAt?.toISOString()).toBe(due);
      const result = await extendRequest(deps, request.id, OFFICER, 'Three systems must be searched by hand.');
      expect(result).toMatchObject({ status: 'extended', extensionReason: 'Three systems must be searched by hand.' });
      expect(result.dueAt?.toISOString()).toBe(extended);
      const [mail] = await queued(records);
      expect(mail?.subject).toBe(`We need more time for your privacy request ${request.reference}`);
      expect(mail?.text).toContain('Three systems must be searched by hand.');
      expect(mail?.text).toContain(jurisdiction === 'gdpr' ? '2 June 2026' : '31 May 2026');
    },
  );

  it('after an extension, work goes on and completes as usual', async () => {
    const { deps } = workflowDeps();
    const request = await seedRequest(deps, { type: 'restrict' });
    await extendRequest(deps, request.id, OFFICER, 'Busy season.');
    expect((await startWork(deps, request.id, OFFICER)).status).toBe('in_progress');
    expect((await completeRequest(deps, request.id, OFFICER)).status).toBe('completed');
  });
});

describe('reject', () => {
  it('sends each line as a reason, with the complaint route, and closes the request', async () => {
    const { deps, records } = workflowDeps();
    const request = await seedRequest(deps);
    const rejected = await rejectRequest(
      deps,
      request.id,
      OFFICER,
      'We could not confirm your identity.\r\n\r\n  Repeated request. ',
    );
    expect(rejected).toMatchObject({ status: 'rejected' });
    expect(rejected.completedAt).not.toBeNull();
    const [mail] = await queued(records);
    expect(mail?.text).toContain('- We could not confirm your identity.\n- Repeated request.');
    expect(mail?.text).toContain('Art. 77 GDPR');
    const last = (await records.requests.events(request.id)).filter((e) => e.kind === 'status').at(-1);
    expect(last?.detail).toMatchObject({
      detail: { reasons: ['We could not confirm your identity.', 'Repeated request.'] },
    });
  });
});

describe('complete', () => {
  it('erase: erases the requester, puts the counts in the event, and mails completion', async () => {
    const { deps, records } = workflowDeps();
    const earlier = await seedRequest(deps, { type: 'access' });
    const request = await seedRequest(deps, { type: 'erase' });
    const done = await completeRequest(deps, request.id, OFFICER);
    expect(done.status).toBe('completed');
    expect((await records.requests.byId(earlier.id))?.email).toBeNull();
    const last = (await records.requests.events(request.id)).filter((e) => e.kind === 'status').at(-1);
    expect(last?.detail).toMatchObject({ to: 'completed', detail: { erased: { requestsMinimised: 1 } } });
    expect((await queued(records)).at(-1)?.subject).toBe(`Your privacy request ${request.reference} is complete`);
  });

  it('object: suppresses the address for all marketing email', async () => {
    const { deps } = workflowDeps();
    const request = await seedRequest(deps, { type: 'object', email: 'Grace.Hopper@Example.com' });
    await completeRequest(deps, request.id, OFFICER);
    const state = await deps.unsubscribe.state('grace.hopper@example.com');
    expect(state.all).toBe(true);
  });

  it('restrict: sets the restriction flag with its event', async () => {
    const { deps, records } = workflowDeps();
    const request = await seedRequest(deps, { type: 'restrict' });
    const done = await completeRequest(deps, request.id, OFFICER);
    expect(done).toMatchObject({ status: 'completed', restricted: true });
    const restricted = (await records.requests.events(request.id)).find((e) => e.kind === 'restricted');
    expect(restricted).toMatchObject({ actor: OFFICER, detail: { restricted: true } });
  });

  it('rectify: records what was corrected', async () => {
    const { deps, records } = workflowDeps();
    const request = await seedRequest(deps, { type: 'rectify', rectification: 'My surname is Hopper.' });
    await completeRequest(deps, request.id, OFFICER, 'Surname corrected in the CRM and the newsletter tool.');
    const last = (await records.requests.events(request.id)).filter((e) => e.kind === 'status').at(-1);
    expect(last?.detail).toMatchObject({
      detail: { corrections: 'Surname corrected in the CRM and the newsletter tool.' },
    });
  });

  it.each(['access', 'port'] as const)(
    '%s: builds and stores the package with the systems’ reports, and mails its link and code',
    async (type) => {
      const { deps, records } = workflowDeps();
      const request = await seedRequest(deps, { type });
      await records.requests.reportSystem(request.id, {
        system: 'crm',
        status: 'done',
        data: { plan: 'pro' },
        reportedAt: T0,
      });
      await completeRequest(deps, request.id, OFFICER);
      const pkg = await records.requests.getExport(request.id, T0);
      if (!pkg) throw new Error('no export stored');
      expect(pkg.expiresAt.getTime()).toBe(T0.getTime() + 7 * DAY_MS);
      const [mail, codeMail] = (await queued(records)).slice(-2);
      expect(mail?.text).toContain(`http://localhost:8080/privacy-requests/download/${request.id}`);
      expect(mail?.text).not.toMatch(/Download code:/);
      // The code comes in a second mail, apart from the link.
      expect(codeMail?.text).not.toContain('/privacy-requests/download/');
      const code = /Download code: (\S+)/.exec(codeMail?.text ?? '')?.[1] ?? '';
      expect(await downloadCodeHash(request.id, code)).toBe(pkg.codeHash);
      const last = (await records.requests.events(request.id)).filter((e) => e.kind === 'status').at(-1);
      expect(last?.detail).toMatchObject({ to: 'completed', detail: { export: { systems: 1 } } });
    },
  );
});

describe('reply composer', () => {
  it.each(REPLY_TEMPLATES)('drafts %s in the requester’s language, with the current facts', async (template) => {
    const { deps } = workflowDeps();
    const request = await seedRequest(deps, { type: 'access', locale: 'de' });
    const draft = await draftReply(deps, request, template);
    expect(draft.subject).toContain(request.reference);
    expect(draft.text).toContain('Referenznummer');
  });

  it('a rejection draft repeats the reasons given', async () => {
    const { deps, records } = workflowDeps();
    const request = await seedRequest(deps);
    await rejectRequest(deps, request.id, OFFICER, 'Manifestly unfounded.');
    const rejected = await records.requests.byId(request.id);
    if (!rejected) throw new Error('gone');
    expect((await draftReply(deps, rejected, 'rejected')).text).toContain('- Manifestly unfounded.');
  });

  it('sends the edited text under the template’s subject, with an email event by the officer', async () => {
    const { deps, records, wakes } = workflowDeps();
    const request = await seedRequest(deps);
    const { subject } = await draftReply(deps, request, 'status');
    await sendReply(deps, request.id, OFFICER, { template: 'status', text: 'Dear Grace,\r\n\r\nwe are on it <3' });
    const [mail] = await queued(records);
    expect(mail).toMatchObject({ to: EMAIL, subject, text: 'Dear Grace,\n\nwe are on it <3\n', requestId: request.id });
    expect(mail?.html).toContain('we are on it &lt;3');
    const event = (await records.requests.events(request.id)).at(-1);
    expect(event).toMatchObject({ kind: 'email', actor: OFFICER, detail: { subject, template: 'status' } });
    expect(wakes()).toBe(1);
  });
});
