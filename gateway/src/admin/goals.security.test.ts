import { describe, expect, it } from 'vitest';
import type { Role } from '../store/records.ts';
import { testApp } from '../testing.ts';
import { form, signedIn } from './fixtures.ts';

const GOAL = { name: 'Viewed pricing', kind: 'page', value: '/pricing' };

async function withGoal() {
  const t = testApp();
  const goal = await t.deps.records.goals.create({ name: 'Signed up', kind: 'event', value: 'Signup', createdBy: 'x' });
  return { ...t, goal };
}

const ROUTES = [
  { method: 'GET', path: '/admin/goals' },
  { method: 'POST', path: '/admin/goals' },
  { method: 'POST', path: '/admin/goals/:id/delete' },
] as const;

describe.each(ROUTES)('$method $path', ({ method, path }) => {
  const request = (id: string, headers: Record<string, string>, csrf?: string): [string, RequestInit] => {
    const to = path.replace(':id', id);
    return method === 'GET' ? [to, { headers }] : [to, form({ ...GOAL, ...(csrf ? { _csrf: csrf } : {}) }, headers)];
  };

  it('sends anonymous visitors to the login page and changes nothing', async () => {
    const { app, deps, goal } = await withGoal();
    const res = await app.request(...request(goal.id, {}));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(method === 'GET' ? '/admin/login?next=%2Fadmin%2Fgoals' : '/admin/login');
    expect(await deps.records.goals.list()).toEqual([goal]);
  });

  it('refuses the privacy role with 403 and changes nothing', async () => {
    const { app, deps, goal } = await withGoal();
    const session = await signedIn(app, deps, 'privacy');
    const audit = await deps.records.audit.list();
    const res = await app.request(...request(goal.id, session.headers, session.csrf));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Your role does not give access to this page.');
    expect(await deps.records.goals.list()).toEqual([goal]);
    expect(await deps.records.audit.list()).toEqual(audit);
  });

  it.each<Role>(['admin', 'marketer'])('lets a %s in', async (role) => {
    const { app, deps, goal } = await withGoal();
    const session = await signedIn(app, deps, role);
    const res = await app.request(...request(goal.id, session.headers, session.csrf));
    expect(res.status).toBe(method === 'GET' ? 200 : 303);
  });
});

describe.each(ROUTES.filter((r) => r.method === 'POST'))('POST $path without a valid CSRF token', ({ path }) => {
  it.each([
    ['no token', {}],
    ['a wrong token', { _csrf: 'A'.repeat(43) }],
  ])('refuses %s with 403 and changes nothing', async (_what, token) => {
    const { app, deps, goal } = await withGoal();
    const session = await signedIn(app, deps, 'marketer');
    const audit = await deps.records.audit.list();
    const res = await app.request(path.replace(':id', goal.id), form({ ...GOAL, ...token }, session.headers));
    expect(res.status).toBe(403);
    expect(await deps.records.goals.list()).toEqual([goal]);
    expect(await deps.records.audit.list()).toEqual(audit);
  });
});

describe('goal pages', () => {
  it('escape a goal name and value as text', async () => {
    const { app, deps } = testApp();
    const session = await signedIn(app, deps, 'marketer');
    await app.request(
      '/admin/goals',
      form({ name: '<script>x</script>', kind: 'event', value: '"><b>', _csrf: session.csrf }, session.headers),
    );
    const html = await (await app.request('/admin/goals', { headers: session.headers })).text();
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('<code>&quot;&gt;&lt;b&gt;</code>');
  });
});
