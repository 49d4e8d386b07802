// Lifting a suppression that no link may lift (one an objection, the officer or the API made):
// only a privacy officer or an admin, only with the reason written down, and audited with the
// hash's first characters, never the address. This is the "separate, audited scope" for them.
import type { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { CsrfField, staffUser } from './layout.tsx';
import type { SuppressionAdminDeps } from './suppressions.tsx';

export const LIFT_REASON_MAX = 500;

export function registerSuppressionLift(
  app: Hono<AppEnv>,
  deps: SuppressionAdminDeps,
  lists: ReadonlyMap<string, string>,
) {
  app.post('/admin/suppressions/lift', requireAuth({ roles: ['privacy'] }), async (c) => {
    const body = await c.req.parseBody();
    const email = deps.unsubscribe.normalise(typeof body.email === 'string' ? body.email : '');
    const list = typeof body.list === 'string' ? body.list : '';
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (email === undefined || !lists.has(list)) return c.redirect('/admin/suppressions?notice=lift-invalid', 303);
    if (reason === '' || reason.length > LIFT_REASON_MAX)
      return c.redirect('/admin/suppressions?notice=lift-reason', 303);
    const { removed } = await deps.unsubscribe.change(email, { remove: [list] }, 'admin');
    if (removed.length > 0) {
      const [hash] = await deps.unsubscribe.hashesOf(email);
      await deps.records.audit.append({
        actor: `user:${staffUser(c).id}`,
        action: 'suppression.lifted',
        target: `suppression:${hash?.slice(0, 12)}`,
        before: { list },
        after: { reason },
      });
      deps.wakeOutbox?.();
    }
    return c.redirect(`/admin/suppressions?notice=${removed.length > 0 ? 'lifted' : 'exists'}`, 303);
  });
}

/** The form beside a found suppression: lifting it needs the reason the address may be mailed again. */
export function LiftForm({
  c,
  email,
  list,
  label,
}: {
  c: Parameters<typeof CsrfField>[0]['c'];
  email: string;
  list: string;
  label: string;
}): Child {
  return (
    <form class="stack" method="post" action="/admin/suppressions/lift">
      <CsrfField c={c} />
      <input type="hidden" name="email" value={email} />
      <input type="hidden" name="list" value={list} />
      <label>
        Why {label} may be mailed again{' '}
        <span class="hint">
          For example: "asked by email on 2 December to get the newsletter again". It goes into the audit log.
        </span>
        <input type="text" name="reason" required maxlength={LIFT_REASON_MAX} autocomplete="off" />
      </label>
      <button type="submit">Lift: {label}</button>
    </form>
  );
}
