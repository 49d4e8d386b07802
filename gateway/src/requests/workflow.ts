// The privacy officer's actions on a request, framework-free. Each one is a single store call that
// changes the status, appends the timeline event and enqueues the requester's mail in one
// transaction, then wakes the mail dispatcher. `admin/requests.tsx` is a thin adapter around these.
import {
  type CompletedData,
  type NotifiedStatus,
  renderEditedText,
  resolveMailLocale,
} from '../mail/templates/index.ts';
import {
  ALL_LISTS,
  CLOSED_STATUSES,
  canTransition,
  type PrivacyRequest,
  type RequestMail,
  type RequestStatus,
  type SystemReport,
} from '../store/records.ts';
import { mailBaseUrl, type RequestDeps, requesterOf, requestMail, requestTimeZone } from './context.ts';
import { extendedDueDate } from './deadlines.ts';
import { buildAndStoreExport, eraseRequester } from './fulfil.ts';
import { draftReply, REPLY_TEMPLATES } from './workflow-replies.ts';

export { draftReply, REPLY_TEMPLATES, type ReplyTemplate } from './workflow-replies.ts';

export const NOTE_MAX = 5000;
/** An extension's or a rejection reason's length (Art. 12(3) and 12(4) reasons are short). */
export const REASON_MAX = 2000;
export const REASONS_MAX = 10;
export const REPLY_MAX = 20_000;

/** A refused action; `message` is fit to show the officer above the form. */
export class WorkflowError extends Error {
  override name = 'WorkflowError';
  constructor(
    readonly code: 'invalid' | 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

export type Action = 'start' | 'wait' | 'extend' | 'complete' | 'reject' | 'note' | 'reply';

/** The connected systems told of verified requests (webhooks subscribed to `privacy_request.verified`). */
export function connectedSystems(deps: Pick<RequestDeps, 'config'>): string[] {
  return deps.config.webhooks.filter((w) => w.events.includes('privacy_request.verified')).map((w) => w.id);
}

export interface SystemsState {
  expected: string[];
  reports: SystemReport[];
  /** Expected systems without a final report (`done`, `not_found` or `failed`). */
  missing: string[];
}

export async function systemsState(deps: RequestDeps, id: string): Promise<SystemsState> {
  const expected = connectedSystems(deps);
  const reports = await deps.records.requests.systemReports(id);
  const reported = new Set(reports.filter((r) => r.status !== 'pending').map((r) => r.system));
  return { expected, reports, missing: expected.filter((s) => !reported.has(s)) };
}

/** What the officer may do with a request now; the admin shows only these forms. */
export function actionsFor(request: PrivacyRequest, systems: Pick<SystemsState, 'missing'>): Action[] {
  if (request.minimisedAt !== null || request.email === null) return [];
  const actions: Action[] = ['note'];
  if (request.status === 'unverified') return actions;
  if (canTransition(request.status, 'in_progress')) actions.push('start');
  if (canTransition(request.status, 'awaiting_systems') && systems.missing.length > 0) actions.push('wait');
  if (canTransition(request.status, 'extended') && request.extendedAt === null && request.dueAt) actions.push('extend');
  if (canTransition(request.status, 'completed')) actions.push('complete');
  if (canTransition(request.status, 'rejected')) actions.push('reject');
  actions.push('reply');
  return actions;
}

/** Starts work; from `awaiting_systems` with systems still silent, the event records the override. */
export async function startWork(deps: RequestDeps, id: string, actor: string, { notify = false } = {}) {
  const { request, systems } = await load(deps, id, 'start');
  const { missing } = systems;
  const override = request.status === 'awaiting_systems' && missing.length > 0;
  return move(deps, request, 'in_progress', actor, {
    ...(override ? { detail: { override: true, waitingFor: missing } } : {}),
    mail: notify ? [statusMail(deps, request, 'in_progress')] : [],
  });
}

/** Waits for the connected systems' reports; the last one moves the request on by itself. */
export async function waitForSystems(deps: RequestDeps, id: string, actor: string, { notify = false } = {}) {
  const { request } = await load(deps, id, 'wait');
  return move(deps, request, 'awaiting_systems', actor, {
    mail: notify ? [statusMail(deps, request, 'awaiting_systems')] : [],
  });
}

/** A note on the timeline. It may hold personal data: it is dropped when the request is minimised. */
export async function addNote(deps: RequestDeps, id: string, actor: string, text: string) {
  const { request } = await load(deps, id, 'note');
  const note = required(text, NOTE_MAX, 'Note: write something to add to the timeline.');
  const at = new Date(deps.now());
  await deps.records.requests.addEvent(request.id, { at, actor, kind: 'note', detail: { text: note } });
  await audit(deps, actor, 'request.noted', request);
}

/** Extends the deadline once, from the original due date (GDPR +2 months, CCPA +45 days), with the reason mailed. */
export async function extendRequest(deps: RequestDeps, id: string, actor: string, reasonText: string) {
  const { request } = await load(deps, id, 'extend');
  const reason = required(reasonText, REASON_MAX, 'Reason: say why more time is needed; the requester is told.');
  const original = request.dueAt as Date; // `extend` is offered only with a due date
  const dueAt = extendedDueDate(original, request.jurisdiction, requestTimeZone(deps.config));
  const mail = [
    requestMail(deps, requesterOf(request), request.locale, 'extension', {
      reference: request.reference,
      type: request.type,
      dueAt,
      reason,
    }),
  ];
  const at = new Date(deps.now());
  const extended = await deps.records.requests.extend(request.id, { dueAt, reason, at, actor, mail });
  if (!extended) throw changed();
  await audit(
    deps,
    actor,
    'request.extended',
    request,
    { dueAt: original.toISOString() },
    { dueAt: dueAt.toISOString() },
  );
  deps.wakeMail?.();
  return extended;
}

/** Does what the request's type asks for, then completes it with the `completed` mail. */
export async function completeRequest(deps: RequestDeps, id: string, actor: string, noteText = '') {
  const { request } = await load(deps, id, 'complete');
  const email = requesterOf(request);
  const note = noteText.trim();
  if (note.length > NOTE_MAX) throw new WorkflowError('invalid', `Note: at most ${NOTE_MAX} characters.`);
  if (request.type === 'rectify' && note === '') {
    throw new WorkflowError('invalid', 'Corrections: describe what was changed, and where, before completing.');
  }
  const at = new Date(deps.now());
  const base = { reference: request.reference };
  let detail: Record<string, unknown>;
  let mail: RequestMail;
  // Access and port: the download code goes in a second mail, apart from the link.
  let codeMail: RequestMail | undefined;
  const completed = (data: CompletedData) => requestMail(deps, email, request.locale, 'completed', data);
  switch (request.type) {
    case 'access':
    case 'port': {
      const reports = await deps.records.requests.systemReports(request.id);
      const built = await buildAndStoreExport(deps, request, reports);
      const url = `${mailBaseUrl(deps.config)}/privacy-requests/download/${encodeURIComponent(request.id)}`;
      mail = completed({ ...base, type: request.type, download: { url, expiresAt: built.expiresAt } });
      codeMail = requestMail(deps, email, request.locale, 'download_code', {
        ...base,
        code: built.code,
        expiresAt: built.expiresAt,
      });
      detail = { export: { expiresAt: built.expiresAt.toISOString(), systems: reports.length } };
      break;
    }
    case 'erase':
      detail = { erased: await eraseRequester(deps, request, actor) };
      mail = completed({ ...base, type: request.type });
      break;
    case 'object': {
      const normalised = deps.unsubscribe.normalise(email) ?? email;
      const { added } = await deps.unsubscribe.change(normalised, { add: [ALL_LISTS] }, 'privacy-request');
      detail = { suppressed: added.length > 0 ? 'added' : 'already' };
      mail = completed({ ...base, type: request.type });
      break;
    }
    case 'restrict':
      await deps.records.requests.setRestricted(request.id, { restricted: true, at, actor });
      detail = { restricted: true };
      mail = completed({ ...base, type: request.type });
      break;
    case 'rectify':
      detail = { corrections: note };
      mail = completed({ ...base, type: request.type });
      break;
  }
  if (note !== '' && request.type !== 'rectify') detail.note = note;
  return move(deps, request, 'completed', actor, { detail, mail: codeMail ? [mail, codeMail] : [mail] });
}

/** Rejects with the reasons (one per line), mailed with the complaint route (Art. 12(4)). */
export async function rejectRequest(deps: RequestDeps, id: string, actor: string, reasonsText: string | string[]) {
  const { request } = await load(deps, id, 'reject');
  const reasons = [reasonsText]
    .flat()
    .flatMap((r) => r.split(/\r?\n/))
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (reasons.length === 0) throw new WorkflowError('invalid', 'Reasons: give at least one; the requester is told.');
  if (reasons.length > REASONS_MAX || reasons.some((r) => r.length > REASON_MAX)) {
    throw new WorkflowError('invalid', `Reasons: at most ${REASONS_MAX} lines of ${REASON_MAX} characters.`);
  }
  const mail = requestMail(deps, requesterOf(request), request.locale, 'rejected', {
    reference: request.reference,
    type: request.type,
    reasons,
  });
  return move(deps, request, 'rejected', actor, { detail: { reasons }, mail: [mail] });
}

/** Sends the officer's edited text of a template; the subject is the template's own. */
export async function sendReply(
  deps: RequestDeps,
  id: string,
  actor: string,
  input: { template: string; text: string },
): Promise<void> {
  const { request } = await load(deps, id, 'reply');
  const template = REPLY_TEMPLATES.find((t) => t === input.template);
  if (!template) throw new WorkflowError('invalid', `Template: choose one of ${REPLY_TEMPLATES.join(', ')}.`);
  const text = required(input.text, REPLY_MAX, 'Text: the email is empty.');
  const { subject } = await draftReply(deps, request, template);
  const rendered = renderEditedText(subject, text, resolveMailLocale(request.locale));
  const at = new Date(deps.now());
  // The port has no "mail alone" method for a request: enqueue, then the event, as two writes.
  const [mailId] = await deps.records.mailQueue.enqueue(
    [{ to: requesterOf(request), ...rendered, requestId: request.id }],
    at,
  );
  await deps.records.requests.addEvent(request.id, { at, actor, kind: 'email', detail: { mailId, subject, template } });
  await audit(deps, actor, 'request.replied', request, undefined, { template });
  deps.wakeMail?.();
}

/**
 * Moves a request waiting for its systems to `in_progress` (actor `system`) once every connected
 * system has sent a final report. Returns the moved request, or undefined when nothing changed.
 */
export async function advanceIfSystemsReported(deps: RequestDeps, id: string) {
  const request = await deps.records.requests.byId(id);
  if (request?.status !== 'awaiting_systems') return undefined;
  const { expected, missing } = await systemsState(deps, id);
  if (missing.length > 0) return undefined;
  return deps.records.requests.transition(id, {
    from: ['awaiting_systems'],
    to: 'in_progress',
    at: new Date(deps.now()),
    actor: 'system',
    detail: { systemsReported: expected },
  });
}

const WORDS: Record<Action, string> = {
  start: 'started',
  wait: 'set to wait for its systems',
  extend: 'extended',
  complete: 'completed',
  reject: 'rejected',
  note: 'given a note',
  reply: 'answered by email',
};

/** The request, if it exists and `action` is open to it now. */
async function load(deps: RequestDeps, id: string, action: Action) {
  const request = await deps.records.requests.byId(id);
  if (!request) throw new WorkflowError('not_found', 'There is no such request.');
  if (request.minimisedAt !== null) {
    throw new WorkflowError('conflict', 'This request has been reduced to proof; nothing more can be done with it.');
  }
  const systems = await systemsState(deps, id);
  if (!actionsFor(request, systems).includes(action)) {
    const why =
      action === 'wait' && canTransition(request.status, 'awaiting_systems')
        ? systems.expected.length === 0
          ? 'no connected system is configured to be told of privacy requests'
          : 'every connected system has already reported'
        : action === 'extend' && request.extendedAt !== null
          ? 'the deadline can be extended only once'
          : `it is ${request.status.replace('_', ' ')}`;
    throw new WorkflowError('conflict', `This request cannot be ${WORDS[action]}: ${why}.`);
  }
  return { request, systems };
}

async function move(
  deps: RequestDeps,
  request: PrivacyRequest,
  to: Exclude<RequestStatus, 'unverified' | 'verified' | 'extended'>,
  actor: string,
  extra: { detail?: unknown; mail: RequestMail[] },
): Promise<PrivacyRequest> {
  const at = new Date(deps.now());
  const moved = await deps.records.requests.transition(request.id, { from: [request.status], to, at, actor, ...extra });
  if (!moved) throw changed();
  const action = CLOSED_STATUSES.includes(to)
    ? `request.${to}`
    : `request.${to === 'in_progress' ? 'started' : 'waiting'}`;
  await audit(deps, actor, action, request, { status: request.status }, { status: to });
  if (extra.mail.length > 0) deps.wakeMail?.();
  return moved;
}

function statusMail(deps: RequestDeps, request: PrivacyRequest, status: NotifiedStatus): RequestMail {
  const data = { reference: request.reference, type: request.type, status };
  return requestMail(deps, requesterOf(request), request.locale, 'status', data);
}

/** The audit trail names the request and statuses only: notes, reasons and addresses stay on the timeline. */
function audit(
  deps: RequestDeps,
  actor: string,
  action: string,
  request: PrivacyRequest,
  before?: unknown,
  after?: unknown,
) {
  return deps.records.audit.append({
    actor: `user:${actor}`,
    action,
    target: `request:${request.id}`,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  });
}

function required(value: string, max: number, empty: string): string {
  const text = value.trim();
  if (text === '') throw new WorkflowError('invalid', empty);
  if (text.length > max) throw new WorkflowError('invalid', `${empty.split(':')[0]}: at most ${max} characters.`);
  return text;
}

function changed(): WorkflowError {
  return new WorkflowError(
    'conflict',
    'The request changed while you were looking at it. Reload the page and try again.',
  );
}
