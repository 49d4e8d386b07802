import { describe, expect, it } from 'vitest';
import type { Role } from '../store/records.ts';
import { testApp } from '../testing.ts';
import { form, signedIn } from './fixtures.ts';

async function staff(role: Role) {
  const t = testApp();
  const session = await signedIn(t.app, t.deps, role);
  const post = (path: string, fields: Record<string, string>) =>
    t.app.request(path, form({ ...fields, _csrf: session.csrf }, session.headers));
  const get = async (path: string) => (await t.app.request(path, { headers: session.headers })).text();
  return { ...t, ...session, post, get };
}

describe('/admin/goals', () => {
  it('explains goals and offers the form when there are none', async () => {
    const { get } = await staff('marketer');
    const html = await get('/admin/goals');
    expect(html).toContain('No goals yet');
    expect(html).toMatch(
      /<form class="stack" method="post" action="\/admin\/goals"[^>]*><input type="hidden" name="_csrf"/,
    );
  });

  it.each<Role>(['marketer', 'admin'])(
    'a %s adds a page and an event goal; both are listed and audited',
    async (role) => {
      const { post, get, deps, user } = await staff(role);
      const page = await post('/admin/goals', { name: 'Viewed pricing', kind: 'page', value: '/pricing' });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/admin/goals?notice=created');
      await post('/admin/goals', { name: 'Signed up', kind: 'event', value: 'Signup' });

      const goals = await deps.records.goals.list();
      expect(goals.map((g) => [g.name, g.kind, g.value, g.createdBy])).toEqual([
        ['Viewed pricing', 'page', '/pricing', user.id],
        ['Signed up', 'event', 'Signup', user.id],
      ]);
      const html = await get('/admin/goals?notice=created');
      expect(html).toContain('Goal added.');
      expect(html).toContain('<td>Viewed pricing</td><td>Page viewed</td><td><code>/pricing</code></td>');
      expect(html).toContain('<td>Signed up</td><td>Custom event</td><td><code>Signup</code></td>');

      const audit = await deps.records.audit.list();
      expect(audit.filter((e) => e.action === 'goal.created').map((e) => [e.actor, e.target, e.after])).toEqual([
        [`user:${user.id}`, `goal:${goals[1]?.id}`, { name: 'Signed up', kind: 'event', value: 'Signup' }],
        [`user:${user.id}`, `goal:${goals[0]?.id}`, { name: 'Viewed pricing', kind: 'page', value: '/pricing' }],
      ]);
    },
  );

  it('deletes a goal and audits what it was; a second delete changes nothing', async () => {
    const { post, deps, user } = await staff('marketer');
    await post('/admin/goals', { name: 'Viewed pricing', kind: 'page', value: '/pricing' });
    const [goal] = await deps.records.goals.list();
    if (!goal) throw new Error('no goal stored');

    const res = await post(`/admin/goals/${goal.id}/delete`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/goals?notice=deleted');
    expect(await deps.records.goals.list()).toEqual([]);
    const [entry] = await deps.records.audit.list();
    expect(entry).toMatchObject({
      actor: `user:${user.id}`,
      action: 'goal.deleted',
      target: `goal:${goal.id}`,
      before: { name: 'Viewed pricing', kind: 'page', value: '/pricing' },
    });

    const before = await deps.records.audit.list();
    expect((await post(`/admin/goals/${goal.id}/delete`, {})).status).toBe(303);
    expect(await deps.records.audit.list()).toEqual(before);
  });
});
