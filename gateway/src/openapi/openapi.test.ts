import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordingStats } from '../reports/test-app.ts';
import { testApp } from '../testing.ts';
import { API_VERSION, openApiDocument } from './document.ts';

type Json = Record<string, unknown>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** The served document (the app with the stats API mounted, as in production). */
async function served() {
  const { app } = testApp({ stats: recordingStats().stats });
  const res = await app.request('/api/openapi.json');
  return { app, res, doc: (await res.clone().json()) as Json };
}

function operations(doc: Json) {
  const out: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (op) out.push({ path, method, op });
    }
  }
  return out;
}

describe('GET /api/openapi.json', () => {
  it('answers 200 JSON with an OpenAPI 3.1 document, cacheable for 5 minutes', async () => {
    const { res, doc } = await served();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(String(doc.openapi)).toMatch(/^3\.1/);
    expect(doc.servers).toEqual([{ url: '/' }]);
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
  });

  it("states gateway/package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(API_VERSION).toBe(pkg.version);
  });

  it('documents only routes that exist: no documented /api/ operation hits the 404 fallback', async () => {
    const { app, doc } = await served();
    const checked: string[] = [];
    for (const { path, method } of operations(doc)) {
      if (!path.startsWith('/api/')) continue;
      const url = path.replace(/\{[^}]+\}/g, '9b2f6c1e-3d4a-4b5c-8d6e-7f8091a2b3c4');
      const res = await app.request(url, { method: method.toUpperCase() });
      const body = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as Json) : {};
      expect(
        res.status === 404 && String(body.detail ?? '').startsWith('No API route'),
        `${method.toUpperCase()} ${path}`,
      ).toBe(false);
      checked.push(`${method.toUpperCase()} ${path}`);
    }
    expect(checked.length).toBeGreaterThanOrEqual(9);
  });

  it('documents every API route the app registers, with its method', async () => {
    const { app, doc } = await served();
    const documented = new Set(operations(doc).map(({ path, method }) => `${method.toUpperCase()} ${path}`));
    const known = [
      'POST /api/event',
      'GET /api/banner',
      'POST /api/consent',
      'GET /api/consent/{id}',
      'GET /api/stats/summary',
      'GET /api/stats/timeseries',
      'GET /api/stats/breakdown',
      'GET /api/stats/realtime',
      'GET /api/stats/export',
      'GET /api/openapi.json',
      'GET /healthz',
      'GET /readyz',
    ];
    for (const route of known) expect(documented, route).toContain(route);
    // And whatever else is routed under /api/ (middleware and the fallback are `ALL` or wildcards).
    const routed = app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(routed.length).toBeGreaterThan(0);
    for (const route of new Set(routed)) expect(documented, route).toContain(route);
  });

  it('resolves every $ref inside the document', () => {
    const doc = openApiDocument as unknown as Json;
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else walk(value);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\//);
      let at: unknown = doc;
      for (const part of ref.slice(2).split('/')) {
        const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
        at = at && typeof at === 'object' ? (at as Json)[key] : undefined;
      }
      expect(at, ref).toBeTypeOf('object');
    }
  });

  it('gives every operation a response and a unique operationId', () => {
    const ids = operations(openApiDocument as unknown as Json).map(({ path, method, op }) => {
      expect(Object.keys((op.responses as Json | undefined) ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      expect(op.operationId, `${method} ${path}`).toMatch(/^[A-Za-z]\w*$/);
      return op.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names only defined security schemes, and marks the stats and sender APIs as protected', () => {
    const schemes = Object.keys(openApiDocument.components.securitySchemes);
    for (const { path, op } of operations(openApiDocument as unknown as Json)) {
      const security = op.security as Record<string, string[]>[];
      expect(Array.isArray(security), path).toBe(true);
      for (const req of security) for (const name of Object.keys(req)) expect(schemes).toContain(name);
      const sender = /^\/api\/(unsubscribe-links|suppressions)/.test(path);
      expect(security.length > 0, path).toBe(path.startsWith('/api/stats/') || sender);
    }
  });
});
