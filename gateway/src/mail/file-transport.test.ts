import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.ts';
import { createFileMailTransport } from './file-transport.ts';

const TO = 'ana.secret@example.com';

/** Splits an .eml into its headers (unfolded) and its parts' decoded bodies by content type. */
function parseEml(eml: string) {
  const [head, body] = splitOnce(eml);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n /g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  const boundary = /boundary="([^"]+)"/.exec(headers.get('content-type') ?? '')?.[1] ?? '';
  const parts = new Map<string, string>();
  for (const chunk of body.split(`--${boundary}`).slice(1, -1)) {
    const [partHead = '', partBody = ''] = splitOnce(chunk.replace(/^\r\n/, ''));
    const type = /Content-Type: ([^;]+)/.exec(partHead)?.[1] ?? '';
    parts.set(type, Buffer.from(partBody.replace(/\r\n/g, ''), 'base64').toString('utf8'));
  }
  return { headers, parts };
}

function splitOnce(text: string): [string, string] {
  const i = text.indexOf('\r\n\r\n');
  return [text.slice(0, i), text.slice(i + 4)];
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?B\?([^?]*)\?=\s*/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

describe('file mail transport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'candor-mail-')), 'mail');
  });
  afterEach(() => rm(join(dir, '..'), { recursive: true, force: true }));

  it('writes a parseable multipart .eml, private to the owner, and never logs the address', async () => {
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const mail = createFileMailTransport({
      dir,
      from: { name: 'Tidewater Küstenfahrt', address: 'privacy@tidewater.example' },
      logger,
      now: () => Date.parse('2026-11-23T07:30:00Z'),
    });
    const subject = 'Tidewater: Besucher über 1.000 — eine sehr lange Betreffzeile, die gefaltet werden muss ✓';
    const { id } = await mail.send({ to: TO, subject, text: 'Grüße\nline two', html: '<p>Grüße</p>' });

    const files = await readdir(dir);
    expect(files).toEqual([`${id}.eml`]);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, `${id}.eml`))).mode & 0o777).toBe(0o600);

    const eml = await readFile(join(dir, `${id}.eml`), 'utf8');
    expect(eml).toMatch(/^[\t\r\n -~]*$/);
    for (const line of eml.split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(78);
    const { headers, parts } = parseEml(eml);
    expect(headers.get('to')).toBe(TO);
    expect(decodeWords(headers.get('subject') ?? '')).toBe(subject);
    expect(decodeWords(headers.get('from') ?? '')).toBe('Tidewater Küstenfahrt<privacy@tidewater.example>');
    expect(headers.get('date')).toBe('Mon, 23 Nov 2026 07:30:00 +0000');
    expect(headers.get('message-id')).toBe(`<${id}@tidewater.example>`);
    expect(headers.get('mime-version')).toBe('1.0');
    expect(parts.get('text/plain')).toBe('Grüße\nline two');
    expect(parts.get('text/html')).toBe('<p>Grüße</p>');

    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).toContain(`${id}.eml`);
    expect(lines.join('\n')).not.toContain('ana.secret');
  });

  it('keeps line breaks out of headers, so a subject cannot add one', async () => {
    const mail = createFileMailTransport({ dir, from: { name: 'Co', address: 'p@co.example' }, logger: { info() {} } });
    const { id } = await mail.send({ to: TO, subject: 'Hi\r\nBcc: evil@example.com', text: '', html: '' });
    const { headers } = parseEml(await readFile(join(dir, `${id}.eml`), 'utf8'));
    expect(headers.has('bcc')).toBe(false);
    expect(headers.get('subject')).toBe('Hi Bcc: evil@example.com');
  });

  it('writes Reply-To and extra headers, and refuses a header it owns without writing a file', async () => {
    const mail = createFileMailTransport({ dir, from: { name: 'Co', address: 'p@co.example' }, logger: { info() {} } });
    const { id } = await mail.send({
      to: TO,
      subject: 's',
      text: '',
      html: '',
      replyTo: 'dpo@co.example',
      headers: { 'Auto-Submitted': 'auto-generated\r\nBcc: evil@example.com' },
    });
    const { headers } = parseEml(await readFile(join(dir, `${id}.eml`), 'utf8'));
    expect(headers.get('reply-to')).toBe('dpo@co.example');
    expect(headers.get('auto-submitted')).toBe('auto-generated Bcc: evil@example.com');
    expect(headers.has('bcc')).toBe(false);

    await expect(
      mail.send({ to: TO, subject: 's', text: '', html: '', headers: { From: 'x@y.example' } }),
    ).rejects.toThrow(TypeError);
    expect(await readdir(dir)).toEqual([`${id}.eml`]);
  });
});
