import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_HASH } from '../support/banner.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const VISITORS = [
  {
    ip: '203.0.113.57',
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 PrivacyProbeA',
  },
  {
    ip: '198.51.100.201',
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1 PrivacyProbeB',
  },
  {
    ip: '2001:db8:85a3::8a2e:370:7334',
    ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 PrivacyProbeC',
  },
  {
    ip: '46.114.22.9',
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15 PrivacyProbeD',
  },
];

/** Everything a careless implementation might write: the values and common derivations. */
function needles(): string[] {
  const out: string[] = [];
  for (const { ip, ua } of VISITORS) {
    out.push(ip, ua, ua.slice(-30));
    for (const input of [ip, ua, `${ip}${ua}`, `${ip}|${ua}`, `${ip}\n${ua}`]) {
      for (const algo of ['sha256', 'sha1', 'md5']) {
        const digest = createHash(algo).update(input).digest();
        out.push(digest.toString('hex'), digest.toString('base64'), digest.toString('base64url'));
      }
    }
    out.push(Buffer.from(ip).toString('base64'));
  }
  return out;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('privacy scan: no IP, user agent or derived hash anywhere on disk or in the log', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { CANDOR_TRUST_PROXY: '1', LOG_LEVEL: 'debug' } });
    for (const [i, v] of VISITORS.entries()) {
      const headers = { 'content-type': 'text/plain', 'user-agent': v.ua, 'x-forwarded-for': v.ip };
      for (const path of ['/', '/pricing?utm_source=newsletter', '/features']) {
        const res = await fetch(`${gw.url}/api/event`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            n: 'pageview',
            u: `http://localhost:8080${path}`,
            r: 'https://www.google.com/',
            w: 1280,
          }),
        });
        expect(res.status).toBe(202);
      }
      await fetch(`${gw.url}/api/event`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ n: 'engagement', u: 'http://localhost:8080/features', e: 5000 }),
      });
      const consent = await fetch(`${gw.url}/api/consent`, {
        method: 'POST',
        headers: { ...headers, 'sec-gpc': '1' },
        body: JSON.stringify({
          id: `00000000-0000-4000-8000-00000000000${i}`,
          action: 'reject_all',
          granted: ['necessary', 'candor'],
          denied: ['preferences', 'analytics', 'ga4', 'marketing', 'hubspot', 'youtube'],
          revision: '2026-11-01',
          configHash: DEMO_CONFIG_HASH,
          locale: 'en',
          gpc: true,
          path: '/',
        }),
      });
      expect(consent.status).toBe(201);
      await fetch(`${gw.url}/features`, { headers });
      await fetch(`${gw.url}/no-such-page?ip=${v.ip}`, { headers });
    }
    const { code } = await gw.stop();
    expect(code).toBe(0);
  });
  afterAll(() => rm(gw.dataDir, { recursive: true, force: true }));

  it('stored the traffic (the scan is not vacuous)', async () => {
    const instance = await DuckDBInstance.create(join(gw.dataDir, 'events.duckdb'));
    const conn = await instance.connect();
    const rows = (
      await conn.runAndReadAll('SELECT count(*)::INTEGER AS n, count(DISTINCT session_id)::INTEGER AS s FROM events')
    ).getRowObjects();
    conn.closeSync();
    instance.closeSync();
    expect(rows[0]).toEqual({ n: VISITORS.length * 4, s: VISITORS.length });
    const db = new Database(join(gw.dataDir, 'candor.sqlite'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM consent_records').get()).toEqual({ n: VISITORS.length });
    db.close();
  });

  it('no file under the data dir holds them (raw bytes, UTF-8 and UTF-16)', async () => {
    const files = await filesUnder(gw.dataDir);
    expect(files.map((f) => f.slice(gw.dataDir.length + 1)).sort()).toEqual(
      expect.arrayContaining(['candor.sqlite', 'events.duckdb']),
    );
    for (const file of files) {
      const bytes = await readFile(file);
      for (const needle of needles()) {
        expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${needle} (UTF-16) in ${file}`).toBe(false);
      }
    }
  });

  it('no value in any table holds them (DuckDB compresses strings, so read them back too)', async () => {
    const instance = await DuckDBInstance.create(join(gw.dataDir, 'events.duckdb'));
    const conn = await instance.connect();
    const dump = JSON.stringify((await conn.runAndReadAll('SELECT * FROM events')).getRowObjectsJson());
    conn.closeSync();
    instance.closeSync();
    const db = new Database(join(gw.dataDir, 'candor.sqlite'), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const sqliteDump = JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM "${t}"`).all()));
    db.close();
    expect(dump).toContain('Chrome'); // enriched, so the user agent was read
    for (const needle of needles()) {
      expect(dump, needle).not.toContain(needle);
      expect(sqliteDump, needle).not.toContain(needle);
    }
  });

  it('the log holds none of them', () => {
    const log = gw.output();
    expect(log).toContain('"route":"/api/event"');
    for (const needle of needles()) expect(log, needle).not.toContain(needle);
  });
});
