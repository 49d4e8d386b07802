import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import type { Goal } from '../store/records.ts';
import { createGoal, deleteGoal, GOAL_NAME_MAX, GoalError, type GoalInput } from './goals.ts';
import { CsrfField, chrome, formatTime, Layout, Messages, render, staffUser } from './layout.tsx';
import type { AdminRouteDeps } from './routes.ts';

const NOTICES: Record<string, string> = {
  created: 'Goal added. The reports show its conversions from now on, for any period.',
  deleted: 'Goal deleted. Its events and pages are still counted; only the goal is gone.',
};

export const KIND_LABELS: Record<Goal['kind'], string> = { page: 'Page viewed', event: 'Custom event' };

/** `/admin/goals` (admins and marketers): the conversion goals the dashboard reports on. */
export function registerGoalRoutes(app: Hono<AppEnv>, deps: Pick<AdminRouteDeps, 'records'>) {
  const staff = requireAuth({ roles: ['admin', 'marketer'] });
  const actorId = (c: Context<AppEnv>) => staffUser(c).id;
  const page = async (c: Context<AppEnv>, status: 200 | 400, form: FormState = {}) =>
    render(
      c,
      <GoalsPage
        c={c}
        goals={await deps.records.goals.list()}
        notice={NOTICES[c.req.query('notice') ?? '']}
        {...form}
      />,
      status,
    );

  app.get('/admin/goals', staff, (c) => page(c, 200));

  app.post('/admin/goals', staff, async (c) => {
    const body = await c.req.parseBody();
    const text = (name: string) => (typeof body[name] === 'string' ? body[name] : '');
    const input: GoalInput = { name: text('name'), kind: text('kind'), value: text('value') };
    try {
      await createGoal(deps, input, actorId(c));
      return c.redirect('/admin/goals?notice=created', 303);
    } catch (error) {
      if (error instanceof GoalError) return page(c, 400, { error: error.message, input });
      throw error;
    }
  });

  app.post('/admin/goals/:id/delete', staff, async (c) => {
    // Deleting a goal that is already gone (a second click) ends where the first did.
    await deleteGoal(deps, c.req.param('id'), actorId(c));
    return c.redirect('/admin/goals?notice=deleted', 303);
  });
}

interface FormState {
  error?: string;
  input?: GoalInput;
}

function GoalsPage({
  c,
  goals,
  notice,
  error,
  input,
}: FormState & { c: Context<AppEnv>; goals: Goal[]; notice: string | undefined }) {
  const kind = input?.kind ?? 'page';
  return (
    <Layout title="Goals" {...chrome(c, '/admin/goals')}>
      <Messages notice={notice} error={error} />
      <p>
        A goal is a page a visit should reach or a custom event it should send. The <a href="/admin/reports">reports</a>{' '}
        show, for each goal, how many visits reached it and their share of all visits.
      </p>
      {goals.length === 0 ? (
        <p class="muted">No goals yet. Add the first one below.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="muted">{goals.length === 1 ? '1 goal' : `${goals.length} goals`}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Page or event</th>
                <th scope="col">Added</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {goals.map((g) => (
                <tr>
                  <td>{g.name}</td>
                  <td>{KIND_LABELS[g.kind]}</td>
                  <td>
                    <code>{g.value}</code>
                  </td>
                  <td>{formatTime(g.createdAt)}</td>
                  <td>
                    <form method="post" action={`/admin/goals/${encodeURIComponent(g.id)}/delete`}>
                      <CsrfField c={c} />
                      <button type="submit" class="danger" aria-label={`Delete goal ${g.name}`}>
                        Delete
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="add">Add a goal</h2>
      <form class="stack" method="post" action="/admin/goals" aria-labelledby="add">
        <CsrfField c={c} />
        <label>
          Name
          <input type="text" name="name" required maxlength={GOAL_NAME_MAX} value={input?.name ?? ''} />
        </label>
        <fieldset>
          <legend>Kind</legend>
          {(['page', 'event'] as const).map((k) => (
            <label>
              <input type="radio" name="kind" value={k} checked={k === kind} /> {KIND_LABELS[k]}
            </label>
          ))}
        </fieldset>
        <label>
          Page path or event name{' '}
          <span class="hint">
            A path such as <code>/pricing</code> for a page, or an event name such as <code>Signup</code>, exactly as
            the tracker sends it.
          </span>
          <input type="text" name="value" required maxlength={1024} value={input?.value ?? ''} />
        </label>
        <button type="submit">Add goal</button>
      </form>
    </Layout>
  );
}
