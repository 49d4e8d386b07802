// A privacy request end to end on the built gateway, over real SMTP: the visitor submits, the
// verification mail arrives, the verify page changes nothing until confirmed, the receipt arrives,
// the connected system (examples/system-receiver.mjs, as shipped) gets the signed webhook and
// reports back, the officer completes the request in the admin, and the requester downloads the
// export with the emailed code.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../support/cli.ts';
import { demo } from '../support/demo-config.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { root } from '../support/paths.ts';
import { waitFor } from '../support/wait.ts';

const EMAIL = 'requester@example.net';
const STAFF = 'officer@tidewater.example';
const PASSWORD = 'a long enough officer password';
const SYSTEM_SECRET = 'crm-webhook-secret-for-the-test';

let gw: RunningGateway;
let smtp: SMTPServer;
let receiver: ChildProcess;
let receiverOutput = '';
let dir: string;
const inbox: ParsedMail[] = [];

async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return (smtp.server.address() as { port: number }).port;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startReceiver(candorOrigin: string): Promise<string> {
  receiver = spawn(process.execPath, [join(root, 'examples/system-receiver.mjs')], {
    env: { PATH: process.env.PATH, CANDOR_WEBHOOK_SECRET: SYSTEM_SECRET, CANDOR_ORIGIN: candorOrigin, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  receiver.stdout?.on('data', (c) => {
    receiverOutput += c;
  });
  receiver.stderr?.on('data', (c) => {
    receiverOutput += c;
  });
  await waitFor(() => receiverOutput.includes('"listening"'), 'the example receiver', 10_000);
  return /"url":"([^"]+)"/.exec(receiverOutput)?.[1] as string;
}

beforeAll(async () => {
  const smtpPort = await startSmtp();
  // Links in mails and callbacks point at publicUrl, so the gateway gets a port known in advance.
  const port = await freePort();
  const hook = await startReceiver(`http://127.0.0.1:${port}`);
  dir = await mkdtemp(join(tmpdir(), 'candor-requests-'));
  const config = {
    ...demo,
    publicUrl: `http://127.0.0.1:${port}`,
    webhooks: [{ id: 'crm', url: hook, events: ['privacy_request.verified'], secretEnv: 'CRM_WEBHOOK_SECRET' }],
  };
  await writeFile(join(dir, 'candor.config.json'), JSON.stringify(config));
  gw = await startGateway({
    env: {
      CANDOR_CONFIG: join(dir, 'candor.config.json'),
      CRM_WEBHOOK_SECRET: SYSTEM_SECRET,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      PORT: String(port),
    },
  });
}, 60_000);

afterAll(async () => {
  await gw?.stop();
  receiver?.kill('SIGTERM');
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (gw) await rm(gw.dataDir, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The next mail to `to` whose subject matches, waiting for it to arrive over SMTP. */
async function mailTo(to: string, subject: RegExp): Promise<ParsedMail> {
  let found: ParsedMail | undefined;
  await waitFor(
    () => {
      found = inbox.find((m) => m.to && JSON.stringify(m.to).includes(to) && subject.test(m.subject ?? ''));
      return found !== undefined;
    },
    `a mail to ${to} matching ${subject}`,
    10_000,
  );
  inbox.splice(inbox.indexOf(found as ParsedMail), 1);
  return found as ParsedMail;
}

function requestRow(): { status: string; id: string; reference: string } {
  const db = new Database(join(gw.dataDir, 'candor.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT status, id, reference FROM privacy_requests').get() as {
      status: string;
      id: string;
      reference: string;
    };
  } finally {
    db.close();
  }
}

/** The entries of a zip (stored or deflated), by name. */
function unzip(bytes: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let at = 0;
  while (bytes.readUInt32LE(at) === 0x04034b50) {
    const method = bytes.readUInt16LE(at + 8);
    const size = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extra = bytes.readUInt16LE(at + 28);
    const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    const data = bytes.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at = start + size;
  }
  return files;
}

describe('a privacy request, end to end over SMTP', () => {
  it('submit → verify → receipt → system report → completion → download', async () => {
    // 1. The visitor submits an access request.
    const submitted = await fetch(`${gw.url}/api/privacy-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'access', email: EMAIL, details: 'Everything you hold, please.' }),
    });
    expect(submitted.status).toBe(202);

    // 2. The verification mail arrives with a link; opening it changes nothing.
    const verify = await mailTo(EMAIL, /.+/);
    const link = /(http:\/\/[^\s"<>]+\/privacy-requests\/verify\/[A-Za-z0-9_-]+)/.exec(verify.text ?? '')?.[1];
    expect(link, verify.text).toBeDefined();
    for (const method of ['GET', 'HEAD']) {
      expect((await fetch(link as string, { method, redirect: 'manual' })).status).toBe(200);
    }
    expect(requestRow().status).toBe('unverified');

    // 3. Confirming verifies it: a receipt with the reference and due date follows.
    const confirmed = await fetch(link as string, { method: 'POST', redirect: 'manual' });
    expect(confirmed.status).toBe(200);
    const { reference, id } = requestRow();
    expect(await confirmed.text()).toContain(reference);
    const receipt = await mailTo(EMAIL, new RegExp(reference));
    expect(receipt.text).toContain(reference);
    expect((await fetch(link as string, { method: 'POST', redirect: 'manual' })).status).toBe(400);

    // 4. The connected system gets the signed webhook and reports back; the request moves on.
    await waitFor(() => requestRow().status === 'in_progress', 'the system report', 15_000);
    expect(receiverOutput).toContain('"outcome":"reported"');

    // 5. The officer signs in and completes the request.
    await addStaff(gw.dataDir, STAFF, 'privacy', PASSWORD);
    const login = await fetch(`${gw.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: STAFF, password: PASSWORD }),
    });
    expect(login.status).toBe(303);
    const cookie = /candor_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] as string;
    const page = await (await fetch(`${gw.url}/admin/requests/${id}`, { headers: { cookie } })).text();
    expect(page).toContain(reference);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
    const complete = await fetch(`${gw.url}/admin/requests/${id}/complete`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ _csrf: csrf, note: '' }),
    });
    expect(complete.status, await complete.text()).toBe(303);
    expect(requestRow().status).toBe('completed');

    // 6. The completion mail carries the download link, a second mail the code; the package holds the data.
    const done = await mailTo(EMAIL, new RegExp(`${reference} is complete`));
    const codeMail = await mailTo(EMAIL, /Your download code/);
    const download = /(http:\/\/[^\s"<>]+\/privacy-requests\/download\/[A-Za-z0-9-]+)/.exec(done.text ?? '')?.[1];
    const code = /\b([A-HJ-NP-Z2-9]{10})\b/.exec(codeMail.text ?? '')?.[1];
    expect(download, done.text).toBeDefined();
    expect(code, codeMail.text).toBeDefined();
    expect(done.text).not.toContain(code as string);
    // Links point at publicUrl; this gateway listens on a port of its own.
    const path = new URL(download as string).pathname;
    const ready = await fetch(`${gw.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: code as string }),
    });
    expect(ready.status).toBe(200);
    const ticket = /name="ticket" value="([^"]+)"/.exec(await ready.text())?.[1] as string;
    const zip = await fetch(`${gw.url}${path}/file`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ticket }),
    });
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const files = unzip(Buffer.from(await zip.arrayBuffer()));
    expect([...files.keys()]).toEqual(expect.arrayContaining(['data.json', 'README.txt']));
    const data = JSON.parse(files.get('data.json') as string);
    expect(JSON.stringify(data)).toContain(reference);
    expect(JSON.stringify(data)).toContain('crm');
    expect([...files.keys()].some((name) => name.endsWith('.csv'))).toBe(true);

    // Nothing personal in the gateway's or the receiver's logs.
    expect(gw.output()).not.toContain(EMAIL);
    expect(receiverOutput).not.toContain(EMAIL);
  });
});
