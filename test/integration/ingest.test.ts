import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function rows(dataDir: string, sql: string) {
  const instance = await DuckDBInstance.create(join(dataDir, 'events.duckdb'));
  const conn = await instance.connect();
  const result = (await conn.runAndReadAll(sql)).getRowObjectsJson();
  conn.closeSync();
  instance.closeSync();
  return result;
}

function post(gw: RunningGateway, body: string, headers: Record<string, string> = {}) {
  return fetch(`${gw.url}/api/event`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain', 'user-agent': CHROME, ...headers },
  });
}

describe('POST /api/event on the real server (the Node fast path)', () => {
  let gw: RunningGateway | undefined;
  afterEach(async () => {
    if (gw) {
      await gw.stop();
      await rm(gw.dataDir, { recursive: true, force: true });
      gw = undefined;
    }
  });

  it('answers 202 with no body and the same headers as every API response', async () => {
    gw = await startGateway();
    const res = await post(gw, JSON.stringify({ n: 'pageview', u: 'http://localhost:8080/' }), {
      'x-request-id': 'trace-42',
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(res.headers.get('x-request-id')).toBe('trace-42');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['malformed JSON', '{"n":', {}, 400],
    ['a missing URL', '{"n":"pageview"}', {}, 400],
    ['a 5 KB body', JSON.stringify({ n: 'x', u: 'http://localhost/', p: { a: 'b'.repeat(5000) } }), {}, 413],
    ['a form content type', 'n=1', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
  ])('refuses %s', async (_name, body, headers, status) => {
    gw = await startGateway();
    const res = await post(gw, body, headers);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const problem = await res.json();
    expect(problem).toMatchObject({ status, requestId: res.headers.get('x-request-id') });
  });

  it('writes every accepted event on SIGTERM: 0 lost', async () => {
    gw = await startGateway();
    const sent = 500;
    const statuses = await Promise.all(
      Array.from({ length: sent }, (_, i) =>
        post(gw as RunningGateway, JSON.stringify({ n: 'pageview', u: `http://localhost:8080/p/${i}` }), {
          'x-request-id': `r${i}`,
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(sent);
    const { code } = await gw.stop();
    expect(code).toBe(0);
    expect(await rows(gw.dataDir, 'SELECT count(*)::INTEGER AS n FROM events')).toEqual([{ n: sent }]);
  });
});
