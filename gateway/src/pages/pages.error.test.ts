import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig } from '@candor/config';
import { describe, expect, it } from 'vitest';
import { demoConfig, testApp } from '../testing.ts';
import { parsePolicyProse } from './prose.ts';

const POLICY_FILE = new URL('../../../site/src/content/policy/privacy.md', import.meta.url);
const policyText = readFileSync(POLICY_FILE, 'utf8');

describe("Candor's own pages: bad input", () => {
  it.each([
    ['no email', { type: 'access', email: '' }],
    ['an unknown type', { type: 'steal', email: 'ada@example.com' }],
    ['a bad address', { type: 'erase', email: 'not-an-address' }],
  ])('a form post with %s gets a 400 HTML page, not a 500', async (_, fields) => {
    const { app, deps } = testApp();
    const res = await app.request('/api/privacy-requests', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await deps.records.requests.list({ limit: 1 })).toEqual([]);
  });

  it('a policy file whose revision differs from policy.revision fails the start, naming both', () => {
    const config = parseConfig({ ...demoConfig, policy: { revision: '2027-01-01' } });
    expect(() => parsePolicyProse(policyText, config, 'privacy.md')).toThrow(ConfigError);
    expect(() => parsePolicyProse(policyText, config, 'privacy.md')).toThrow(
      /privacy\.md \(2026-11-01\) differs from candor\.config policy\.revision \(2027-01-01\)/,
    );
  });

  it.each([
    ['broken YAML', '---\ntitle: [unclosed\n---\nText'],
    ['a bad changelog date', '---\nchangelog:\n  - date: yesterday\n    summary: x\n---\nText'],
  ])('a policy file with %s fails with a message naming the file', (_, text) => {
    expect(() => parsePolicyProse(text, demoConfig, 'policy.md')).toThrow(/policy\.md has invalid front matter/);
  });

  it('the per-client limit answers form posts with a 429 page', async () => {
    const { app } = testApp();
    const post = () =>
      app.request('/api/privacy-requests', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ type: 'access', email: 'ada@example.com' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post()).status);
    expect(statuses.at(-1)).toBe(429);
  });
});
