import { describe, expect, it } from 'vitest';
import { testApp } from '../testing.ts';
import { EMAIL, snapshot, submitForm, submitJson } from './routes.fixtures.ts';

const valid = { type: 'access', email: EMAIL };

describe('POST /api/privacy-requests refuses bad input and files nothing', () => {
  it.each([
    ['an unknown field', { ...valid, name: 'Ada' }, 'name'],
    ['a missing type', { email: EMAIL }, 'type'],
    ['a bad type', { ...valid, type: 'delete' }, 'type'],
    ['a missing email', { type: 'access' }, 'email'],
    ['an invalid email', { ...valid, email: 'ada@' }, 'email'],
    ['a too long email', { ...valid, email: `${'a'.repeat(320)}@example.com` }, 'email'],
    ['details over 5,000 characters', { ...valid, details: 'x'.repeat(5001) }, 'details'],
    [
      'a correction over 5,000 characters',
      { ...valid, type: 'rectify', rectification: 'x'.repeat(5001) },
      'rectification',
    ],
    ['details that are not text', { ...valid, details: 42 }, 'details'],
    ['an unknown jurisdiction', { ...valid, jurisdiction: 'lgpd' }, 'jurisdiction'],
    ['a locale that is not a tag', { ...valid, locale: ['de'] }, 'locale'],
  ])('JSON with %s → 400 problem naming the field', async (_, body, field) => {
    const { app, deps } = testApp();
    const res = await submitJson(app, body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { type: string; detail: string; errors: { field: string }[] };
    expect(problem.type).toBe('urn:candor:problem:validation_failed');
    expect(problem.detail.startsWith(`${field}: `)).toBe(true);
    expect(problem.errors.map((e) => e.field)).toEqual([field]);
    expect((await snapshot(deps)).requests).toEqual([]);
  });

  it('accepts exactly 5,000 characters of details', async () => {
    const { app } = testApp();
    expect((await submitJson(app, { ...valid, details: 'x'.repeat(5000) })).status).toBe(202);
  });

  it('lists every bad field at once, for the form’s error summary', async () => {
    const { app } = testApp();
    const res = await submitJson(app, { type: 'nope', email: 'nope', details: 'x'.repeat(5001) });
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(['type', 'email', 'details']);
    for (const e of problem.errors) expect(e.message).not.toContain('nope');
  });

  it.each([
    ['malformed JSON', '{"type":', 'application/json', 400, 'invalid_json'],
    ['a JSON array', '[]', 'application/json', 400, 'validation_failed'],
    ['text/plain', JSON.stringify(valid), 'text/plain', 415, 'unsupported_media_type'],
    ['no content type', JSON.stringify(valid), '', 415, 'unsupported_media_type'],
  ])('%s → %i problem', async (_, body, type, status, code) => {
    const { app, deps } = testApp();
    const res = await app.request('/api/privacy-requests', {
      method: 'POST',
      body,
      headers: type ? { 'content-type': type } : {},
    });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { type: string }).type).toBe(`urn:candor:problem:${code}`);
    expect((await snapshot(deps)).requests).toEqual([]);
  });

  it('a body over 64 KB → 413', async () => {
    const { app } = testApp();
    const res = await submitJson(app, { ...valid, details: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
  });

  it('a form post with errors → a 400 page listing them, with a link back, echoing nothing', async () => {
    const { app, deps } = testApp();
    const res = await submitForm(app, { type: '', email: '<script>alert(1)</script>', details: 'x'.repeat(5001) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<h1>Please check the form</h1>');
    expect(html).toContain('What you want us to do: Choose what you want us to do.');
    expect(html).toContain('Email address: Enter a valid email address');
    expect(html).toContain('Details: Write at most 5,000 characters');
    expect(html).toContain('href="/privacy/requests"');
    expect(html).not.toContain('alert(1)');
    expect((await snapshot(deps)).requests).toEqual([]);
  });

  it('a form post ignores fields it does not know (e.g. a named submit button)', async () => {
    const { app } = testApp();
    expect((await submitForm(app, { ...valid, submit: 'Send' })).status).toBe(202);
  });
});
