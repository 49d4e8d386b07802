import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.ts';
import { createMailTransport } from './select.ts';
import { startSmtpServer } from './smtp-test-server.ts';

const company = {
  name: 'Tidewater',
  legalName: 'Tidewater GmbH',
  address: 'Hafenstraße 1, 20457 Hamburg',
  privacyContact: 'privacy@tidewater.example',
  website: 'https://tidewater.example',
};

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', { write: (line: string) => void lines.push(line) }) };
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'candor-select-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('createMailTransport', () => {
  it('without SMTP_URL writes .eml files to <dataDir>/mail and says so once', async () => {
    const { lines, logger } = capture();
    const { transport, kind, description } = createMailTransport({ dataDir, config: { company }, logger });
    expect(kind).toBe('file');
    expect(description).toBe(`mail: file transport in ${join(dataDir, 'mail')}`);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'info', msg: description });

    const { id } = await transport.send({ to: 'ana@example.com', subject: 's', text: 't', html: 'h' });
    expect(await readdir(join(dataDir, 'mail'))).toEqual([`${id}.eml`]);
  });

  it('warns in production without SMTP_URL, as nobody receives the files', () => {
    const { lines, logger } = capture();
    createMailTransport({ smtpUrl: '', dataDir, config: { company }, logger, production: true });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'warn' });
    expect(lines[0]).toContain('SMTP_URL is not set');
  });

  it('with SMTP_URL sends through SMTP with its credentials and never logs them', async () => {
    const smtp = await startSmtpServer({
      authOptional: false,
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === 's3cr3t:p@ss') callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
    });
    try {
      const { lines, logger } = capture();
      const url = `smtp://mailer:${encodeURIComponent('s3cr3t:p@ss')}@127.0.0.1:${smtp.port}`;
      const { transport, kind, description } = createMailTransport({
        smtpUrl: url,
        dataDir,
        config: { company },
        logger,
      });
      expect(kind).toBe('smtp');
      expect(description).toBe(`mail: SMTP to 127.0.0.1:${smtp.port} (STARTTLS when offered)`);

      const { id } = await transport.send({ to: 'ana@example.com', subject: 'Hallo', text: 't', html: '<p>h</p>' });
      await transport.close?.();
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]?.user).toBe('mailer');
      const parsed = await simpleParser(smtp.received[0]?.raw ?? Buffer.alloc(0));
      expect(parsed.from?.value).toEqual([{ name: 'Tidewater', address: 'privacy@tidewater.example' }]);
      expect(parsed.messageId).toBe(`<${id}@tidewater.example>`);

      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(id);
      const logged = lines.join('\n');
      expect(logged).not.toMatch(/s3cr3t|p%40ss|mailer|ana@example\.com/);
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it('fails fast on a malformed SMTP_URL without repeating the password', () => {
    const { lines, logger } = capture();
    const build = () =>
      createMailTransport({ smtpUrl: 'smpt://mailer:hunter2@mail.example.com', dataDir, config: { company }, logger });
    expect(build).toThrow(/^SMTP_URL must look like/);
    expect(build).not.toThrow(/hunter2/);
    expect(lines).toEqual([]);
  });
});
