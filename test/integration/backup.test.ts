import { spawn } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG_HASH } from '../support/banner.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { flushed, metricsEnv } from '../support/metrics.ts';
import { cliEntry, root } from '../support/paths.ts';
import { waitFor } from '../support/wait.ts';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface Manifest {
  online: boolean;
  records: { tables: Record<string, number> };
  events: { tables: Record<string, number> } | null;
}

function candor(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliEntry, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', CANDOR_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Consent records and events, each from its own client address (the consent limit is per client). */
function writer(gw: RunningGateway) {
  let n = 0;
  let stopped = false;
  const failures: string[] = [];
  const loop = (async () => {
    while (!stopped) {
      n++;
      const headers = {
        'content-type': 'text/plain',
        'user-agent': CHROME,
        'x-forwarded-for': `10.0.${n >> 8}.${n & 255}`,
      };
      const [consent, event] = await Promise.all([
        fetch(`${gw.url}/api/consent`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
            action: 'reject_all',
            granted: ['necessary', 'candor'],
            denied: ['preferences', 'analytics', 'ga4', 'marketing', 'hubspot'],
            revision: '2026-11-01',
            configHash: DEMO_CONFIG_HASH,
            locale: 'en',
            gpc: false,
            path: '/',
          }),
        }),
        fetch(`${gw.url}/api/event`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ n: 'pageview', u: `http://localhost:8080/p/${n}` }),
        }),
      ]);
      if (consent.status !== 201) failures.push(`consent ${consent.status}`);
      if (event.status !== 202) failures.push(`event ${event.status}`);
    }
  })();
  return {
    /** Rounds started so far. */
    count: () => n,
    async stop() {
      stopped = true;
      await loop;
      return { written: n, failures };
    },
  };
}

function sqliteCount(dataDir: string, table: string): number {
  const db = new Database(join(dataDir, 'candor.sqlite'), { readonly: true });
  try {
    return Number(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
  } finally {
    db.close();
  }
}

async function duckCount(dataDir: string, table: string): Promise<number> {
  const instance = await DuckDBInstance.create(join(dataDir, 'events.duckdb'));
  const conn = await instance.connect();
  try {
    const rows = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table}`)).getRowObjects();
    return Number(rows[0]?.n);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('pnpm candor backup and restore against the built gateway', () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  });

  it('backs up while the gateway takes writes, and a restore holds exactly what the manifest says', async () => {
    const gw = await startGateway({ env: { CANDOR_TRUST_PROXY: '1', ...metricsEnv } });
    const backupDir = join(await mkdtemp(join(tmpdir(), 'candor-bk-')), 'backup');
    const fresh = await mkdtemp(join(tmpdir(), 'candor-restored-'));
    cleanup.push(gw.dataDir, join(backupDir, '..'), fresh);

    const load = writer(gw);
    // Let a flush or two land so the backup holds events, then back up mid-stream.
    await flushed(gw);
    const backedUp = await candor(gw.dataDir, ['backup', backupDir]);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toMatch(/from the running gateway/);
    // Writes go on after the snapshot, so the restore must hold fewer than the gateway.
    const atBackup = load.count();
    await waitFor(() => load.count() > atBackup + 20, 'writes after the backup');

    // The gateway holds the data dir: restoring over it is refused.
    const refused = await candor(gw.dataDir, ['restore', backupDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/gateway is running/);

    const { written, failures } = await load.stop();
    expect(failures).toEqual([]);
    expect((await gw.stop()).code).toBe(0);
    await expect(access(join(gw.dataDir, 'gateway.json'))).rejects.toThrow();
    // The gateway's snapshot was moved out of the data dir, with nothing left beside it.
    expect((await readdir(gw.dataDir)).filter((f) => f.startsWith('backup-'))).toEqual([]);

    const manifest = JSON.parse(await readFile(join(backupDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.online).toBe(true);
    const consents = manifest.records.tables.consent_records ?? 0;
    const events = manifest.events?.tables.events ?? 0;
    // A snapshot in the middle: some writes made it, later ones did not.
    expect(consents).toBeGreaterThan(0);
    expect(events).toBeGreaterThan(0);
    expect(sqliteCount(gw.dataDir, 'consent_records')).toBe(written);
    expect(consents).toBeLessThan(written);

    const restored = await candor(fresh, ['restore', backupDir]);
    expect(restored.code, restored.stderr).toBe(0);
    // The gateway starts on the restored data and stops cleanly.
    const again = await startGateway({ dataDir: fresh });
    expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
    expect((await again.stop()).code).toBe(0);

    expect(sqliteCount(fresh, 'consent_records')).toBe(consents);
    expect(sqliteCount(fresh, 'audit_log')).toBe(manifest.records.tables.audit_log);
    expect(await duckCount(fresh, 'events')).toBe(events);
    expect(await duckCount(fresh, 'dropped_events')).toBe(manifest.events?.tables.dropped_events);
  });
});
