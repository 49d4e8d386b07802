import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { type RequestDeps, requestTimeZone } from '../requests/context.ts';
import {
  addNote,
  completeRequest,
  draftReply,
  extendRequest,
  REPLY_TEMPLATES,
  rejectRequest,
  sendReply,
  startWork,
  systemsState,
  WorkflowError,
  waitForSystems,
} from '../requests/workflow.ts';
import { render, staffUser } from './layout.tsx';
import { notFoundPage } from './pages.tsx';
import { type DetailForm, RequestPage } from './requests-detail.tsx';
import { QueuePage, queueFilter } from './requests-queue.tsx';

export const REQUEST_PAGE_SIZE = 50;

const NOTICES: Record<string, string> = {
  start: 'Work started.',
  wait: 'The request now waits for the connected systems; the last report moves it back to in progress.',
  note: 'Note added to the timeline.',
  extend: 'Deadline extended. The requester is emailed the new due date and your reason.',
  complete: 'Request completed. The requester is emailed.',
  reject: 'Request rejected. The requester is emailed your reasons and how to complain.',
  reply: 'Email queued. It goes out within seconds.',
};

const ERROR_STATUS = { invalid: 400, not_found: 404, conflict: 409 } as const;

type Run = (deps: RequestDeps, id: string, actor: string, field: (name: string) => string) => Promise<unknown>;

const ACTIONS: Record<string, Run> = {
  start: (deps, id, actor, f) => startWork(deps, id, actor, { notify: f('notify') !== '' }),
  wait: (deps, id, actor, f) => waitForSystems(deps, id, actor, { notify: f('notify') !== '' }),
  note: (deps, id, actor, f) => addNote(deps, id, actor, f('text')),
  extend: (deps, id, actor, f) => extendRequest(deps, id, actor, f('reason')),
  complete: (deps, id, actor, f) => completeRequest(deps, id, actor, f('note')),
  reject: (deps, id, actor, f) => rejectRequest(deps, id, actor, f('reasons')),
  reply: (deps, id, actor, f) => sendReply(deps, id, actor, { template: f('template'), text: f('text') }),
};

/**
 * `/admin/requests` (privacy officers and admins): the queue by urgency, each request with its
 * timeline and systems' reports, and the officer's actions (each audited; CSRF is checked by the
 * admin middleware for every POST).
 */
export function registerRequestAdminRoutes(app: Hono<AppEnv>, deps: RequestDeps): void {
  const staff = requireAuth({ roles: ['privacy'] });
  const tz = requestTimeZone(deps.config);

  app.get('/admin/requests', staff, async (c) => {
    const filter = queueFilter(c.req.query('status'));
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const statuses = filter.statuses ? { statuses: filter.statuses } : {};
    const [requests, total] = await Promise.all([
      deps.records.requests.list({ ...statuses, limit: REQUEST_PAGE_SIZE, offset }),
      deps.records.requests.count(statuses),
    ]);
    const props = { c, filter, requests, total, offset, pageSize: REQUEST_PAGE_SIZE, now: new Date(deps.now()), tz };
    return render(c, <QueuePage {...props} unverifiedDays={deps.config.retention.unverifiedRequestsDays} />);
  });

  const page = async (c: Context<AppEnv>, status: 200 | 400 | 404 | 409, form: DetailForm = {}) => {
    const request = await deps.records.requests.byId(c.req.param('id') ?? '');
    if (!request) return notFoundPage(c);
    const [events, systems, users] = await Promise.all([
      deps.records.requests.events(request.id),
      systemsState(deps, request.id),
      deps.records.users.list(),
    ]);
    const chosen = REPLY_TEMPLATES.find((t) => t === (form.values?.template ?? c.req.query('template')));
    const draft =
      chosen && request.email !== null && request.status !== 'unverified'
        ? { template: chosen, ...(await draftReply(deps, request, chosen)) }
        : undefined;
    return render(
      c,
      <RequestPage
        c={c}
        request={request}
        events={events}
        systems={systems}
        staff={new Map(users.map((u) => [u.id, u.email]))}
        now={new Date(deps.now())}
        tz={tz}
        draft={draft}
        notice={NOTICES[c.req.query('notice') ?? '']}
        retentionDays={deps.config.retention.completedRequestsDays}
        {...form}
      />,
      status,
    );
  };

  app.get('/admin/requests/:id', staff, (c) => page(c, 200));

  for (const [action, run] of Object.entries(ACTIONS)) {
    app.post(`/admin/requests/:id/${action}`, staff, async (c) => {
      const id = c.req.param('id');
      const body = await c.req.parseBody();
      const field = (name: string) => {
        const value = body[name];
        return typeof value === 'string' ? value : '';
      };
      try {
        await run(deps, id, actorId(c), field);
      } catch (error) {
        if (!(error instanceof WorkflowError)) throw error;
        if (error.code === 'not_found') return notFoundPage(c);
        const values = Object.fromEntries(['text', 'reason', 'note', 'reasons', 'template'].map((k) => [k, field(k)]));
        return page(c, ERROR_STATUS[error.code], { error: error.message, action, values });
      }
      return c.redirect(`/admin/requests/${encodeURIComponent(id)}?notice=${action}`, 303);
    });
  }
}

function actorId(c: Context<AppEnv>): string {
  return staffUser(c).id;
}
