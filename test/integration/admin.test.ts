import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { demo } from '../support/demo-config.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { demoConfig } from '../support/paths.ts';
import { waitFor } from '../support/wait.ts';

const PASSWORD = 'correct horse battery staple';

const login = (url: string, email: string, password: string) =>
  fetch(`${url}/admin/login`, {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });

describe('admin accounts on the built gateway', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.stop();
    await rm(gw.dataDir, { recursive: true, force: true });
  });

  it('prints a one-time setup link on first start, to stderr only, and it creates the first admin', async () => {
    // stderr and stdout are separate pipes: the link may arrive just after the ready line.
    await waitFor(() => /\/admin\/setup\/[\w-]{43}/.test(gw.output()), 'the setup link');
    const token = /\/admin\/setup\/([\w-]{43})/.exec(gw.output())?.[1] ?? '';
    expect(token).not.toBe('');
    const logLines = gw
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logLines.some((l) => l.includes('setup link printed'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(token);

    expect((await fetch(`${gw.url}/admin/setup/${token}`)).status).toBe(200);
    const res = await fetch(`${gw.url}/admin/setup/${token}`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'first@example.com', password: PASSWORD, confirm: PASSWORD }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^candor_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const again = await fetch(`${gw.url}/admin/setup/${token}`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'second@example.com', password: PASSWORD, confirm: PASSWORD }),
      redirect: 'manual',
    });
    expect(again.status).toBe(404);
  });

  it('`candor user add` works while the gateway runs, and the user can sign in', async () => {
    const added = await cli(
      gw.dataDir,
      ['user', 'add', '--email', 'mia@example.com', '--role', 'marketer', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('Created marketer mia@example.com');
    const res = await login(gw.url, 'mia@example.com', PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const cookie = /candor_session=[\w-]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const home = await fetch(`${gw.url}/admin`, { headers: { cookie } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Signed in as mia@example.com');
  });

  it('`candor user list` and `candor user disable` work while the gateway runs, and disabling ends sessions', async () => {
    const res = await login(gw.url, 'mia@example.com', PASSWORD);
    const cookie = /candor_session=[\w-]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect((await fetch(`${gw.url}/admin`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);

    const listed = await cli(gw.dataDir, ['user', 'list']);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toMatch(/^ID +EMAIL +ROLE +CREATED +DISABLED +DIGEST\n/);
    expect(listed.stdout).toMatch(/mia@example\.com +marketer /);

    const disabled = await cli(gw.dataDir, ['user', 'disable', '--email', 'mia@example.com']);
    expect(disabled).toMatchObject({ code: 0, stderr: '' });
    expect((await fetch(`${gw.url}/admin`, { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
    expect((await login(gw.url, 'mia@example.com', PASSWORD)).status).toBe(401);

    const last = await cli(gw.dataDir, ['user', 'disable', '--email', 'first@example.com']);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('last enabled admin');
  });

  it('`candor apikey create` prints the key alone on the last line of stdout', async () => {
    const created = await cli(gw.dataDir, ['apikey', 'create', '--name', 'Sender', '--scope', 'stats:read']);
    expect(created.code).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^cdr_[0-9A-Za-z]{40}$/);
  });

  it('never logs the password or the key', async () => {
    await new Promise((r) => setTimeout(r, 100));
    expect(gw.output()).not.toContain(PASSWORD);
    expect(gw.output()).not.toMatch(/cdr_[0-9A-Za-z]{40}/);
  });

  it('prints no setup link once a user exists', async () => {
    await gw.stop(); // DuckDB allows one process per file
    const second = await startGateway({ dataDir: gw.dataDir });
    try {
      expect(second.output()).not.toContain('/admin/setup/');
    } finally {
      await second.stop();
    }
  });
});

describe('the first admin of a production gateway', () => {
  it('gets no link on stderr (it would land in the journal); `candor setup-link` signs one, usable once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'candor-prod-'));
    const config = join(dir, 'candor.config.ts');
    await writeFile(
      config,
      `import demo from '${pathToFileURL(demoConfig).href}';\nexport default { ...demo, publicUrl: 'https://privacy.tidewater.example', pages: ${JSON.stringify(demo.pages)} };\n`,
    );
    const env = { NODE_ENV: 'production', CANDOR_SECRET: 'p'.repeat(40), CANDOR_CONFIG: config };
    const gw = await startGateway({ env, dataDir: join(dir, 'data') });
    try {
      await waitFor(() => gw.output().includes('candor setup-link'), 'the hint to run candor setup-link');
      expect(gw.output()).not.toContain('/admin/setup/');

      const made = await cli(gw.dataDir, ['setup-link'], '', env);
      expect(made.code, made.stderr).toBe(0);
      const link = made.stdout.trim().split('\n').at(-1) ?? '';
      expect(link).toMatch(/^https:\/\/privacy\.tidewater\.example\/admin\/setup\/[0-9a-z]+\.[\w-]{43}$/);
      const path = new URL(link).pathname;
      expect((await fetch(`${gw.url}${path}`)).status).toBe(200);
      const created = await fetch(`${gw.url}${path}`, {
        method: 'POST',
        body: new URLSearchParams({ email: 'first@example.com', password: PASSWORD, confirm: PASSWORD }),
        redirect: 'manual',
      });
      expect(created.status).toBe(303);
      const again = await fetch(`${gw.url}${path}`, {
        method: 'POST',
        body: new URLSearchParams({ email: 'second@example.com', password: PASSWORD, confirm: PASSWORD }),
        redirect: 'manual',
      });
      expect(again.status).toBe(404);
      expect((await cli(gw.dataDir, ['setup-link'], '', env)).code).toBe(1);
    } finally {
      await gw.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
