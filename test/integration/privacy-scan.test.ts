// The privacy scan: realistic traffic with known IPs, user agents and emails goes through every
// feature of the built gateway; then every file of the data dir, every text value of both stores
// and the whole log are searched for them. privacy.test.ts covers hashes of IP and UA; this file
// covers the breadth (every feature, every spelling of an address, every column) and emails.
//
// Where an email may be: only in the RecordStore's personal-data columns listed in EMAIL_ALLOWED
// (each with the row state that allows it), and in data/mail/*.eml. Without SMTP_URL those files
// are the mail transport's delivered spool, standing in for the recipient's mailbox: a mail to a
// person carries that person's address by nature, so an address may appear in a mail addressed to
// it and in no other mail.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../support/demo-config.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import {
  type Cell,
  checkpointSqlite,
  duckdbCells,
  duckdbRows,
  filesUnder,
  readEml,
  sqliteCells,
  sqliteRows,
  summaryTable,
} from '../support/scan.ts';
import { emailNeedle, holds, ipNeedle, type Needle, uaNeedle } from '../support/scan-needles.ts';
import { replayTraffic, type Traffic } from '../support/scan-traffic.ts';
import { waitFor } from '../support/wait.ts';

const IPS = [
  '203.0.113.57',
  '198.51.100.201',
  '46.114.22.9',
  '81.2.69.142',
  '93.184.216.34',
  '185.199.108.153',
  '151.101.1.69',
  '62.210.16.61',
  '176.9.45.12',
  '5.9.66.201',
  '2001:db8:85a3::8a2e:370:7334',
  '2a00:1450:4001:82a::200e',
  '2606:4700:4700::1111',
  '2001:0db8:0000:0000:0000:ff00:0042:8329',
  '2A02:8108:1C0:3D00:D4F5:1B2A:9C3E:77A1',
  '2001:db8:0:0:1:0:0:1',
  '2a01:4f8:c17:b8f::2',
  '2003:e8:2f0b:a600:8c0e:5bff:fe21:9d4c',
  '2400:cb00:2049:1::a29f:1804',
  '2c0f:fb50:4003::ff',
];

const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0',
  'Mozilla/5.0 (Linux; Android 13; Pixel 7a) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.6261.105 Mobile Safari/537.36',
];

/** Ten people, each with a part in the traffic (see scan-traffic.ts). */
const EMAILS = {
  officer: 'olivia.officer@tidewater.example',
  stranger: 'mallory.guess@example.com',
  oneClick: 'reader.one@example.org',
  pageForms: 'Reader.Two@Example.org',
  apiSuppressed: 'bounced.address@example.net',
  checkedOnly: 'never.suppressed@example.net',
  eraser: 'erase.me@example.de',
  accessor: 'show.me@example.fr',
  unverified: 'forgot.to.click@example.it',
  inUrl: 'signup.redirect@example.co.uk',
} as const;
type Role = keyof typeof EMAILS;

const needles: Needle[] = [
  ...IPS.map((ip, i) => ipNeedle(ip, `ip#${i}`)),
  ...UAS.map((ua, i) => uaNeedle(ua, `ua#${i}`)),
  ...Object.entries(EMAILS).map(([role, email]) => emailNeedle(email, role)),
];
const emailOf = (role: Role) => needles.find((n) => n.label === role) as Needle;

/** Events columns: the privacy rules' list (docs/architecture.md), nothing else (a new column must be argued for here). */
const EVENT_COLUMNS = [
  'time',
  'site',
  'name',
  'path',
  'source',
  'referrer_host', // "referrer source": the source and the referring host, never its path
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'country',
  'browser',
  'browser_version',
  'os',
  'device', // parsed, never the raw UA
  'session_id', // random
  'first_of_day',
  'engaged_ms', // "activity": derived flags and counts, no identifier
  'props',
];

interface Scan {
  traffic: Traffic;
  files: Map<string, Buffer>;
  sqlite: Cell[];
  duck: Cell[];
  duckTables: string[];
  mails: { file: string; to: string; text: string }[];
  log: string;
}

/**
 * Where an email may be stored, as (table, column) and the row state that allows it. Everything
 * else in the RecordStore, and all of the EventStore, must never hold one.
 */
const EMAIL_ALLOWED: Record<string, (row: Record<string, unknown>) => boolean> = {
  'users.email': () => true, // staff accounts
  'privacy_requests.email': (r) => r.minimised_at === null, // for replying, until reduced to proof
  'privacy_requests.details': (r) => r.minimised_at === null,
  'mail_queue.to_address': (r) => r.status !== 'sent', // dropped when sent
  'mail_queue.subject': (r) => r.status !== 'sent',
  'mail_queue.text_body': (r) => r.status !== 'sent',
  'mail_queue.html_body': (r) => r.status !== 'sent',
  'outbox.email': (r) => r.status !== 'delivered', // dropped on delivery
  'outbox.data': (r) => r.status !== 'delivered',
  'privacy_request_exports.bytes': () => true, // the requester's own package, kept 7 days
};

let gw: RunningGateway;
let receiver: Server;
let dir: string;
let scan: Scan;
const HOOK_SECRET = 'scan-webhook-secret';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  dir = await mkdtemp(join(tmpdir(), 'candor-scan-'));
  const config = {
    ...demo,
    webhooks: [
      {
        id: 'crm',
        url: hook,
        events: ['unsubscribe.created', 'unsubscribe.deleted', 'privacy_request.verified'],
        secretEnv: 'CRM_HOOK_SECRET',
      },
    ],
  };
  await writeFile(join(dir, 'candor.config.json'), JSON.stringify(config));
  gw = await startGateway({
    env: {
      CANDOR_CONFIG: join(dir, 'candor.config.json'),
      CRM_HOOK_SECRET: HOOK_SECRET,
      CANDOR_TRUST_PROXY: '1',
      LOG_LEVEL: 'debug',
    },
  });
  const db = join(gw.dataDir, 'candor.sqlite');
  const traffic = await replayTraffic(gw, { ips: IPS, uas: UAS, emails: EMAILS });

  // Everything queued has left before the stop: the scan then sees the steady state.
  await waitFor(
    () =>
      sqliteRows<{ n: number }>(
        db,
        `SELECT (SELECT count(*) FROM mail_queue WHERE status <> 'sent')
              + (SELECT count(*) FROM outbox WHERE status <> 'delivered') AS n`,
      )[0]?.n === 0,
    'the mail queue and the outbox to drain',
    20_000,
  );
  const { code } = await gw.stop();
  expect(code).toBe(0);

  checkpointSqlite(db);
  const files = new Map<string, Buffer>();
  for (const file of await filesUnder(gw.dataDir)) files.set(file.slice(gw.dataDir.length + 1), await readFile(file));
  const mails = [];
  for (const name of [...files.keys()].filter((f) => f.startsWith('mail/') && f.endsWith('.eml'))) {
    mails.push({ file: name, ...(await readEml(join(gw.dataDir, name))) });
  }
  const duck = await duckdbCells(join(gw.dataDir, 'events.duckdb'));
  scan = {
    traffic,
    files,
    sqlite: sqliteCells(db),
    duck: duck.cells,
    duckTables: duck.tables,
    mails,
    log: gw.output(),
  };
}, 55_000);

afterAll(async () => {
  await gw?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  if (gw) await rm(gw.dataDir, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every place a needle was found, and whether it may be there. */
function findings(): { needle: string; place: string; where: string; allowed: boolean }[] {
  const out: { needle: string; place: string; where: string; allowed: boolean }[] = [];
  for (const n of needles) {
    const email = n.kind === 'email';
    if (holds(scan.log, n)) out.push({ needle: n.label, place: 'log', where: 'stdout+stderr', allowed: false });
    for (const c of scan.sqlite.filter((c) => holds(c.value, n))) {
      const rule = EMAIL_ALLOWED[`${c.table}.${c.column}`];
      out.push({
        needle: n.label,
        place: 'sqlite rows',
        where: `${c.table}.${c.column}`,
        allowed: email && !!rule?.(c.row),
      });
    }
    for (const c of scan.duck.filter((c) => holds(c.value, n))) {
      out.push({ needle: n.label, place: 'duckdb rows', where: `${c.table}.${c.column}`, allowed: false });
    }
    for (const [file, bytes] of scan.files) {
      if (!holds(bytes, n)) continue;
      const place = file.startsWith('mail/') ? 'mail spool' : file === 'candor.sqlite' ? 'sqlite file' : 'other files';
      // A byte in candor.sqlite is fine only if a live, allowed value holds it (not free pages).
      const allowed =
        email &&
        (place === 'sqlite file'
          ? out.some((f) => f.needle === n.label && f.place === 'sqlite rows' && f.allowed)
          : place === 'mail spool' && scan.mails.some((m) => m.file === file && n.forms.includes(m.to)));
      out.push({ needle: n.label, place, where: file, allowed });
    }
    for (const m of scan.mails.filter((m) => holds(m.text, n) && !n.forms.includes(m.to))) {
      out.push({ needle: n.label, place: 'mail spool', where: `${m.file} (to ${m.to})`, allowed: false });
    }
  }
  return out;
}

const PLACES = ['log', 'sqlite rows', 'sqlite file', 'duckdb rows', 'mail spool', 'other files'];

describe('privacy scan: known IPs, user agents and emails after traffic through every feature', () => {
  it('the traffic reached every store (the scan is not vacuous)', async () => {
    expect([...scan.files.keys()]).toEqual(expect.arrayContaining(['candor.sqlite', 'events.duckdb']));
    expect(scan.mails.length).toBeGreaterThanOrEqual(8);
    const [events] = await duckdbRows<{ n: number; browsers: number }>(
      join(gw.dataDir, 'events.duckdb'),
      'SELECT count(*)::INTEGER AS n, count(DISTINCT browser)::INTEGER AS browsers FROM events',
    );
    expect(events).toEqual({ n: scan.traffic.events, browsers: expect.any(Number) });
    expect(events?.browsers).toBeGreaterThanOrEqual(4); // the UAs were read
    const tables = new Set(scan.sqlite.map((c) => c.table));
    for (const t of [
      'users',
      'consent_records',
      'suppressions',
      'privacy_requests',
      'mail_queue',
      'outbox',
      'login_log',
    ]) {
      expect(tables, t).toContain(t);
    }
  });

  it('prints the needles × places table', () => {
    const found = findings();
    const state = (label: string, place: string) => {
      const here = found.filter((f) => f.needle === label && f.place === place);
      return here.length === 0 ? '-' : here.every((f) => f.allowed) ? 'ok' : 'LEAK';
    };
    process.stdout.write(
      `\n${summaryTable(
        needles.map((n) => ({ label: n.label, value: n.value })),
        PLACES,
        state,
      )}\n`,
    );
    expect(found.filter((f) => !f.allowed)).toEqual([]);
  });

  it.each(['ip', 'ua'] as const)('no %s, in any spelling, in any file, table, column or log line', (kind) => {
    expect(findings().filter((f) => needles.find((n) => n.label === f.needle)?.kind === kind)).toEqual([]);
  });

  it('an email is only in the allowed personal-data columns and in mail addressed to it', () => {
    const leaks = findings().filter((f) => !f.allowed);
    expect(leaks).toEqual([]);
    for (const role of ['stranger', 'checkedOnly', 'inUrl'] as const) {
      expect(
        findings().filter((f) => f.needle === role),
        role,
      ).toEqual([]);
    }
  });

  it('after the erase, the email is kept only by the erase request itself (as proof) and as a suppression HMAC', () => {
    const eraser = emailOf('eraser');
    const { eraseRequestId } = scan.traffic;
    const stored = findings().filter((f) => f.needle === 'eraser' && f.place === 'sqlite rows');
    // The request's own email, and its details (which name the address here), as the README's table says.
    expect(new Set(stored.map((f) => f.where))).toEqual(
      new Set(['privacy_requests.email', 'privacy_requests.details']),
    );
    const rows = scan.sqlite.filter((c) => holds(c.value, eraser));
    expect(new Set(rows.map((c) => c.row.id))).toEqual(new Set([eraseRequestId]));
    // Its earlier request is reduced to proof: reference, type and dates, no email and no hash.
    const others = sqliteRows<Record<string, unknown>>(
      join(gw.dataDir, 'candor.sqlite'),
      'SELECT * FROM privacy_requests WHERE id IN (SELECT value FROM json_each(?))',
      JSON.stringify(scan.traffic.erasedRequestIds),
    );
    expect(others).toHaveLength(scan.traffic.erasedRequestIds.length);
    for (const r of others)
      expect(r).toMatchObject({ email: null, email_hash: null, details: null, minimised_at: expect.any(String) });
    expect(scan.traffic.eraserStillSuppressed).toBe(true);
  });

  it('the events table has exactly the allowed columns and random 16-hex session ids', async () => {
    const file = join(gw.dataDir, 'events.duckdb');
    const columns = await duckdbRows<{ column_name: string }>(
      file,
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
    );
    expect(columns.map((c) => c.column_name)).toEqual(EVENT_COLUMNS);
    const sessions = await duckdbRows<{ session_id: string }>(file, 'SELECT DISTINCT session_id FROM events');
    // One visitor per IP and UA pair, one visit each: one random id each, none shared.
    expect(sessions).toHaveLength(IPS.length);
    for (const { session_id } of sessions) expect(session_id).toMatch(/^[0-9a-f]{16}$/);
    // The visitor key (daily salt, IP, UA) stays in memory; with no IP or UA column and a random
    // session id per visit, nothing on disk can be joined back to a visitor.
    expect(scan.duckTables.sort()).toEqual(expect.arrayContaining(['events', 'visits', 'visit_pages']));
  });

  it('the mail spool holds only mail, each naming no one but its recipient', () => {
    for (const m of scan.mails) {
      expect(basename(m.file)).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{16}\.eml$/);
      const others = needles.filter((n) => n.kind === 'email' && !n.forms.includes(m.to) && holds(m.text, n));
      expect(
        others.map((n) => n.label),
        m.file,
      ).toEqual([]);
    }
  });
});
