import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { form, signedIn } from './fixtures.ts';

const INVALID: { what: string; fields: Record<string, string>; message: string }[] = [
  { what: 'an empty name', fields: { name: '  ', kind: 'page', value: '/pricing' }, message: 'Name: give the goal' },
  { what: 'a name too long', fields: { name: 'x'.repeat(81), kind: 'page', value: '/p' }, message: 'Name: at most 80' },
  { what: 'an unknown kind', fields: { name: 'Goal', kind: 'click', value: '/pricing' }, message: 'Kind: choose' },
  { what: 'no kind', fields: { name: 'Goal', value: '/pricing' }, message: 'Kind: choose' },
  { what: 'a path without /', fields: { name: 'Goal', kind: 'page', value: 'pricing' }, message: 'Path: a page path' },
  {
    what: 'a full URL',
    fields: { name: 'Goal', kind: 'page', value: 'https://x.test/' },
    message: 'Path: a page path',
  },
  {
    what: 'a path with a query',
    fields: { name: 'Goal', kind: 'page', value: '/p?a=1' },
    message: 'Path: a page path',
  },
  { what: 'a path with a space', fields: { name: 'Goal', kind: 'page', value: '/a b' }, message: 'Path: a page path' },
  { what: 'an empty event', fields: { name: 'Goal', kind: 'event', value: '' }, message: 'Event: give the custom' },
  {
    what: 'an event too long',
    fields: { name: 'Goal', kind: 'event', value: 'e'.repeat(121) },
    message: 'Event: at most',
  },
  {
    what: 'a control character',
    fields: { name: 'Goal', kind: 'event', value: 'Sign\nup' },
    message: 'Event: at most',
  },
];

describe('POST /admin/goals with bad input', () => {
  it.each(INVALID)(
    'refuses $what with a 400 page holding the form, and stores nothing',
    async ({ fields, message }) => {
      const { app, deps } = testApp();
      const session = await signedIn(app, deps, 'marketer');
      const audit = await deps.records.audit.list();
      const res = await app.request('/admin/goals', form({ ...fields, _csrf: session.csrf }, session.headers));
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('<p class="alert" role="alert">');
      expect(html).toContain(message);
      expect(html).toContain('action="/admin/goals"');
      expect(html).toContain('name="_csrf"');
      expect(await deps.records.goals.list()).toEqual([]);
      expect(await deps.records.audit.list()).toEqual(audit);
    },
  );

  it('keeps what was typed in the form', async () => {
    const { app, deps } = testApp();
    const session = await signedIn(app, deps, 'marketer');
    const fields = { name: 'Viewed pricing', kind: 'event', value: ' Signup', _csrf: session.csrf };
    const html = await (await app.request('/admin/goals', form(fields, session.headers))).text();
    expect(html).toMatch(/name="name"[^>]* value="Viewed pricing"/);
    expect(html).toContain('value="event" checked');
    expect(html).toContain('name="value" required="" maxlength="1024" value=" Signup"');
  });

  it('refuses a second goal for the same page', async () => {
    const { app, deps } = testApp();
    const session = await signedIn(app, deps, 'marketer');
    const add = () =>
      app.request(
        '/admin/goals',
        form({ name: 'Pricing', kind: 'page', value: '/pricing', _csrf: session.csrf }, session.headers),
      );
    expect((await add()).status).toBe(303);
    const again = await add();
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('There is already a goal for page:/pricing.');
    expect(await deps.records.goals.list()).toHaveLength(1);
  });
});
