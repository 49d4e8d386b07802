// The four kinds of acknowledged write the durability test crashes the gateway under, each with
// the check that finds, after a restart, which acknowledged writes are missing.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import demo from '../../candor.config.ts';
import { DEMO_CONFIG_HASH } from './banner.ts';
import { addStaff, cli } from './cli.ts';
import type { RunningGateway } from './gateway.ts';

/** One kind of write: `write` resolves with a key when the gateway acknowledged it (2xx). */
export interface WriteKind {
  name: string;
  /** The key of an acknowledged write, or undefined when the request died with the gateway. */
  write(gw: RunningGateway, n: number): Promise<string | undefined>;
  /** The keys among `acked` the restarted gateway does not have. */
  missing(gw: RunningGateway, acked: string[]): Promise<string[]>;
}

/** A distinct client address per write, so no per-client limit (CANDOR_TRUST_PROXY=1) applies. */
export function clientAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/**
 * Sends a request; resolves with the status, or undefined when the connection died (the gateway
 * was killed). Any other status than `ok` is a test failure: the write was refused, not lost.
 */
async function send(url: string, init: RequestInit, ok: number): Promise<boolean> {
  let status: number;
  try {
    const res = await fetch(url, { ...init, redirect: 'manual' });
    await res.arrayBuffer();
    status = res.status;
  } catch {
    return false;
  }
  if (status !== ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${status}, expected ${ok}`);
  return true;
}

function readDb<T>(gw: RunningGateway, read: (db: Database.Database) => T): T {
  const db = new Database(join(gw.dataDir, 'candor.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export async function consentKind(): Promise<WriteKind> {
  const configHash = DEMO_CONFIG_HASH;
  return {
    name: 'consent',
    async write(gw, n) {
      const id = uuidOf(n);
      const body = {
        id,
        action: 'accept_all',
        granted: ['necessary', 'candor', 'preferences', 'analytics', 'ga4', 'marketing', 'hubspot', 'youtube'],
        denied: [],
        revision: demo.policy.revision,
        configHash,
        locale: 'en',
        gpc: false,
        path: '/durability',
      };
      const init = {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-forwarded-for': clientAddress(n) },
      };
      return (await send(`${gw.url}/api/consent`, init, 201)) ? id : undefined;
    },
    async missing(gw, acked) {
      const lost: string[] = [];
      for (const id of acked) {
        const res = await fetch(`${gw.url}/api/consent/${id}`);
        await res.arrayBuffer();
        if (res.status !== 200) lost.push(id);
      }
      return lost;
    },
  };
}

/** One-click unsubscribes (RFC 8058) through links from the sender API, checked by that API. */
export async function unsubscribeKind(gw: RunningGateway): Promise<WriteKind> {
  const created = await cli(gw.dataDir, [
    'apikey',
    'create',
    '--name',
    'Durability',
    '--scope',
    'unsubscribe:write,suppressions:read',
  ]);
  if (created.code !== 0) throw new Error(`apikey create failed: ${created.stderr}`);
  const key = created.stdout.trim().split('\n').at(-1) ?? '';
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  return {
    name: 'unsubscribe',
    async write(gw, n) {
      const email = `reader-${n}@example.org`;
      let path: string;
      try {
        const res = await fetch(`${gw.url}/api/unsubscribe-links`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ email, list: 'newsletter' }),
        });
        path = new URL(((await res.json()) as { url: string }).url).pathname;
      } catch {
        return undefined; // killed before the link was made: no write was attempted
      }
      const init = {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': clientAddress(n) },
      };
      return (await send(`${gw.url}${path}`, init, 200)) ? email : undefined;
    },
    async missing(gw, acked) {
      const lost: string[] = [];
      for (let at = 0; at < acked.length; at += 500) {
        const emails = acked.slice(at, at + 500);
        const res = await fetch(`${gw.url}/api/suppressions/check`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ emails }),
        });
        if (res.status !== 200) throw new Error(`suppressions/check answered ${res.status}`);
        const { results } = (await res.json()) as { results: { email: string; lists: string[] }[] };
        for (const r of results) if (!r.lists.includes('newsletter')) lost.push(r.email);
      }
      return lost;
    },
  };
}

/** Privacy-request intake: always 202, so the check is the row itself (plaintext while unverified). */
export function intakeKind(): WriteKind {
  return {
    name: 'intake',
    async write(gw, n) {
      const email = `requester-${n}@example.net`;
      const init = {
        method: 'POST',
        body: JSON.stringify({ type: 'access', email }),
        headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress(n) },
      };
      return (await send(`${gw.url}/api/privacy-requests`, init, 202)) ? email : undefined;
    },
    async missing(gw, acked) {
      const stored = readDb(gw, (db) => {
        const rows = db.prepare('SELECT email FROM privacy_requests').all() as { email: string | null }[];
        return new Set(rows.map((r) => r.email));
      });
      return acked.filter((email) => !stored.has(email));
    },
  };
}

/** Goals added in the admin (session + CSRF): each must be listed and have its audit entry. */
export async function adminGoalKind(gw: RunningGateway): Promise<WriteKind> {
  const email = 'durability@tidewater.example';
  const password = 'a long enough durability password';
  await addStaff(gw.dataDir, email, 'admin', password);
  const login = await fetch(`${gw.url}/admin/login`, {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });
  const cookie = /candor_session=[\w-]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  if (login.status !== 303 || !cookie) throw new Error(`admin login answered ${login.status}`);
  const page = await (await fetch(`${gw.url}/admin/goals`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on /admin/goals');
  // The trailing slash keeps /d/g1/ from matching inside /d/g12/.
  const goalPath = (n: number) => `/durability/g${n}/`;
  return {
    name: 'admin goal',
    async write(gw, n) {
      const value = goalPath(n);
      const init = {
        method: 'POST',
        body: new URLSearchParams({ _csrf: csrf, name: `Goal ${n}`, kind: 'page', value }),
        headers: { cookie },
      };
      return (await send(`${gw.url}/admin/goals`, init, 303)) ? value : undefined;
    },
    async missing(gw, acked) {
      // The session (SQLite) and the CSRF token (derived from the secret file) survive the crash.
      const res = await fetch(`${gw.url}/admin/goals`, { headers: { cookie }, redirect: 'manual' });
      if (res.status !== 200) throw new Error(`GET /admin/goals answered ${res.status} after restart`);
      const listed = await res.text();
      const audited = readDb(gw, (db) => {
        const rows = db
          .prepare(
            `SELECT g.value FROM goals g JOIN audit_log a
               ON a.target = 'goal:' || g.id AND a.action = 'goal.created'`,
          )
          .all() as { value: string }[];
        return new Set(rows.map((r) => r.value));
      });
      return acked.filter((value) => !listed.includes(`${value}<`) || !audited.has(value));
    },
  };
}
