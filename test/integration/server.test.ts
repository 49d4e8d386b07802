import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, runGatewayExpectingFailure, startGateway } from '../support/gateway.ts';

describe('the built gateway on a real port', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.stop();
    await rm(gw.dataDir, { recursive: true, force: true });
  });

  it('serves the built site at / with a page CSP and revalidated HTML', async () => {
    const res = await fetch(`${gw.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
    expect(await res.text()).toContain('<main');
  });

  it('answers /healthz and /readyz with both stores ready', async () => {
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { records: 'ok', events: 'ok' } });
  });

  it('answers an unknown page with the site 404 page and status 404', async () => {
    const res = await fetch(`${gw.url}/no-such-page`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toMatch(/not found/i);
  });

  it('answers an unknown API path with a 404 problem', async () => {
    const res = await fetch(`${gw.url}/api/does-not-exist`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = await res.json();
    expect(body).toMatchObject({ status: 404, title: 'Not found', requestId: res.headers.get('x-request-id') });
  });

  it('writes no client address, user agent or email to its log', async () => {
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) CandorLogProbe/1.0';
    const email = 'log.probe@example.org';
    await fetch(`${gw.url}/pricing?email=${email}`, { headers: { 'user-agent': ua } });
    await fetch(`${gw.url}/api/nope`, {
      method: 'POST',
      headers: { 'user-agent': ua },
      body: JSON.stringify({ email }),
    });
    await new Promise((r) => setTimeout(r, 100));
    const log = gw.output();
    expect(log).toContain('"route":"/api/*"');
    for (const needle of ['127.0.0.1', 'CandorLogProbe', email, 'log.probe']) expect(log, needle).not.toContain(needle);
  });

  it('creates its stores under the data dir', async () => {
    for (const file of ['candor.sqlite', 'events.duckdb']) {
      expect((await stat(join(gw.dataDir, file))).isFile()).toBe(true);
    }
  });
});

describe('start-up and shutdown', () => {
  it('exits 0 within 10 s on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const gw = await startGateway();
      const res = await fetch(`${gw.url}/healthz`);
      expect(res.status).toBe(200);
      const { code, ms } = await gw.stop(signal);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(10_000);
      expect(gw.output()).toContain('"msg":"stopped"');
      await rm(gw.dataDir, { recursive: true, force: true });
    }
  });

  it('makes a data dir that already exists private: the dir 0700, both stores and their journals 0600', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'candor-modes-'));
    try {
      await chmod(dataDir, 0o755);
      await writeFile(join(dataDir, 'candor.sqlite'), '', { mode: 0o644 });
      const gw = await startGateway({ dataDir });
      expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
      const mode = async (file: string) => (await stat(join(dataDir, file))).mode & 0o777;
      try {
        expect(await mode('.')).toBe(0o700);
        for (const file of ['candor.sqlite', 'candor.sqlite-wal', 'events.duckdb'])
          expect(await mode(file), file).toBe(0o600);
      } finally {
        await gw.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('generates a development secret once, mode 0600, and reuses it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'candor-secret-'));
    try {
      const first = await startGateway({ dataDir });
      await first.stop();
      const secretFile = join(dataDir, 'secret');
      const secret = await readFile(secretFile, 'utf8');
      expect((await stat(secretFile)).mode & 0o777).toBe(0o600);
      expect(secret.trim().length).toBeGreaterThanOrEqual(32);
      const second = await startGateway({ dataDir });
      await second.stop();
      expect(await readFile(secretFile, 'utf8')).toBe(secret);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ CANDOR_SECRET: 'short' }, 'CANDOR_SECRET'],
    [{ NODE_ENV: 'production' }, 'CANDOR_SECRET is required'],
    [{ NODE_ENV: 'production', CANDOR_SECRET: 'a-production-secret-of-at-least-32-chars' }, 'no usable public origin'],
    [{ CANDOR_CONFIG: '/nonexistent/candor.config.ts' }, 'Candor config not found'],
  ])('refuses to start with %o and names %s', async (env, named) => {
    const { code, output } = await runGatewayExpectingFailure(env);
    expect(code).toBe(1);
    expect(output).toContain('Candor could not start');
    expect(output).toContain(named);
    expect(output).not.toMatch(/\n\s+at /); // a user error is explained, not dumped as a stack
  });

  it('refuses an invalid config and names the bad field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'candor-config-'));
    try {
      const file = join(dir, 'candor.config.json');
      const demo = (await import('../../candor.config.ts')).default;
      await writeFile(file, JSON.stringify({ ...demo, consent: { ...demo.consent, expiryDays: 900 } }));
      const { code, output } = await runGatewayExpectingFailure({ CANDOR_CONFIG: file });
      expect(code).toBe(1);
      expect(output).toContain('consent.expiryDays');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
