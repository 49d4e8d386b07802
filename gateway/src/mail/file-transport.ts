// The file mail transport: each message becomes an RFC 5322 `.eml` file under `<dataDir>/mail/`,
// which any mail client opens. `select.ts` picks it when SMTP_URL is not set (development).
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extraHeaders, type MailMessage, type MailTransport, oneLine } from './port.ts';

export interface FileTransportOptions {
  dir: string;
  from: { name: string; address: string };
  /** Told the file name of each message written; never the recipient. */
  logger: { info(fields: { file: string }, message: string): void };
  now?: () => number;
}

export function createFileMailTransport(options: FileTransportOptions): MailTransport {
  const now = options.now ?? Date.now;
  let ready: Promise<void> | undefined;
  const prepare = async () => {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    // mkdir leaves an existing directory's mode alone; the mail holds addresses, so tighten it.
    await chmod(options.dir, 0o700);
  };
  return {
    async send(message) {
      // Checked before anything is written, so a bad header leaves no file behind.
      extraHeaders(message);
      ready ??= prepare().catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      await ready;
      const at = new Date(now());
      // Sortable by time, unique by 64 random bits; it names the file and the Message-ID.
      const id = `${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z-${randomBytes(8).toString('hex')}`;
      const file = `${id}.eml`;
      await writeFile(join(options.dir, file), formatEml(message, options.from, at, id), { mode: 0o600, flag: 'wx' });
      // The file name only: logs never hold an email address.
      options.logger.info({ file }, 'mail written');
      return { id };
    },
    // Each write completes within `send`; there is nothing to release.
    async close() {},
  };
}

/** One message as RFC 5322 text: multipart/alternative (plain, then HTML), UTF-8, CRLF lines. */
export function formatEml(message: MailMessage, from: { name: string; address: string }, at: Date, id: string): string {
  const domain = from.address.split('@')[1] ?? 'localhost';
  const boundary = `candor-${randomUUID()}`;
  const lines = [
    `From: ${displayName(from.name)} <${from.address}>`,
    `To: ${oneLine(message.to)}`,
    ...(message.replyTo ? [`Reply-To: ${oneLine(message.replyTo)}`] : []),
    `Subject: ${encodeWord(message.subject)}`,
    `Date: ${at.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${id}@${domain}>`,
    ...extraHeaders(message).map(([name, value]) => `${name}: ${encodeWord(value)}`),
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...part('text/plain', message.text),
    `--${boundary}`,
    ...part('text/html', message.html),
    `--${boundary}--`,
    '',
  ];
  return lines.join('\r\n');
}

function part(type: string, body: string): string[] {
  const encoded = Buffer.from(body, 'utf8').toString('base64');
  return [
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    ...(encoded.match(/.{1,76}/g) ?? ['']),
  ];
}

/** A phrase for From: encoded words when not ASCII, a quoted string when it holds specials. */
function displayName(name: string): string {
  const encoded = encodeWord(name);
  // Folded before the address, so the last encoded word and the address never overflow a line.
  if (encoded.startsWith('=?')) return `${encoded}\r\n`;
  return /[()<>[\]:;@\\,."]/.test(encoded) ? `"${encoded.replace(/["\\]/g, '\\$&')}"` : encoded;
}

/**
 * Printable ASCII stays as it is; anything else becomes RFC 2047 encoded words (base64, UTF-8),
 * each at most 75 characters and never splitting a character.
 */
export function encodeWord(value: string): string {
  const clean = oneLine(value);
  if (/^[\x20-\x7e]*$/.test(clean) && !clean.includes('=?')) return clean;
  const words: string[] = [];
  let chunk = '';
  for (const char of clean) {
    // 36 bytes of UTF-8 encode to 48 base64 characters: with `=?utf-8?B?`, `?=` and the header
    // name in front, a line stays well under 78.
    if (Buffer.byteLength(chunk + char) > 36) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((w) => `=?utf-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}
