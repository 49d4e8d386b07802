import { createServer, type Server, type Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp-test-server.ts';
import { createSmtpMailTransport, MailSendError, parseSmtpUrl } from './smtp-transport.ts';

const TO = 'ana.secret@example.com';
const FROM = { name: 'Tidewater Küstenfahrt', address: 'privacy@tidewater.example' };
const BODY = 'Ihre Referenznummer lautet PR-2026-0042';
const quiet = { info() {} };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((close) => close()));
  cleanup = [];
});

async function server(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const s = await startSmtpServer(options);
  cleanup.push(s.close);
  return s;
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function expectNoPersonalData(error: unknown) {
  expect(error).toBeInstanceOf(MailSendError);
  const e = error as MailSendError;
  for (const text of [e.message, String(e.stack), JSON.stringify(e)]) {
    expect(text).not.toContain('ana.secret');
    expect(text).not.toContain('PR-2026-0042');
  }
  expect(e.cause).toBeUndefined();
}

describe('SMTP mail transport', () => {
  it('delivers multipart/alternative mail with From, To, Reply-To, Date, Message-ID and extra headers', async () => {
    const smtp = await server();
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const mail = createSmtpMailTransport({
      url: smtp.url,
      from: FROM,
      logger,
      now: () => Date.parse('2026-11-23T07:30:00Z'),
    });
    cleanup.push(() => mail.close?.() ?? Promise.resolve());
    const subject = 'Ihre Datenschutzanfrage PR-2026-0042 ist eingegangen — Grüße';
    const { id } = await mail.send({
      to: TO,
      subject,
      text: `${BODY}\nZeile zwei`,
      html: `<p>${BODY}</p>`,
      replyTo: 'dpo@tidewater.example',
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Candor-Request': 'PR-2026-0042' },
    });

    expect(smtp.received).toHaveLength(1);
    const [delivered] = smtp.received;
    expect(delivered?.mailFrom).toBe(FROM.address);
    expect(delivered?.rcptTo).toEqual([TO]);
    const parsed = await simpleParser(delivered?.raw ?? Buffer.alloc(0));
    expect(parsed.from?.value).toEqual([{ name: FROM.name, address: FROM.address }]);
    const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
    expect(to.flatMap((t) => t?.value.map((v) => v.address))).toEqual([TO]);
    expect(parsed.replyTo?.value[0]?.address).toBe('dpo@tidewater.example');
    expect(parsed.subject).toBe(subject);
    expect(parsed.text?.trim()).toBe(`${BODY}\nZeile zwei`);
    expect(parsed.html).toBe(`<p>${BODY}</p>`);
    expect(parsed.messageId).toBe(`<${id}@tidewater.example>`);
    expect(parsed.date?.toISOString()).toBe('2026-11-23T07:30:00.000Z');
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('x-candor-request')).toBe('PR-2026-0042');

    expect(id).toMatch(/^20261123T073000Z-[0-9a-f]{16}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(id);
    expect(lines.join('\n')).not.toMatch(/ana\.secret|dpo@|Datenschutzanfrage/);
  });

  it('sends to one mailbox even when the address string holds a comma', async () => {
    const smtp = await server();
    const mail = createSmtpMailTransport({ url: smtp.url, from: FROM, logger: quiet });
    cleanup.push(() => mail.close?.() ?? Promise.resolve());
    await mail
      .send({ to: 'ana@example.com, evil@attacker.example', subject: 's', text: 't', html: 'h' })
      .catch(() => {});
    expect(smtp.rcptAttempts.some((a) => a === 'evil@attacker.example')).toBe(false);
  });

  it('refuses a header the transport owns and a CRLF in a subject adds no recipient', async () => {
    const smtp = await server();
    const mail = createSmtpMailTransport({ url: smtp.url, from: FROM, logger: quiet });
    cleanup.push(() => mail.close?.() ?? Promise.resolve());
    await expect(
      mail.send({ to: TO, subject: 's', text: 't', html: 'h', headers: { Bcc: 'x@y.example' } }),
    ).rejects.toThrow(TypeError);
    expect(smtp.received).toHaveLength(0);

    await mail.send({ to: TO, subject: 'Hi\r\nBcc: evil@attacker.example', text: 't', html: 'h' });
    expect(smtp.rcptAttempts).toEqual([TO]);
    const parsed = await simpleParser(smtp.received[0]?.raw ?? Buffer.alloc(0));
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).not.toContain('\n');
  });
});

describe('SMTP mail transport failures', () => {
  it('rejects, without the address or body, when the server refuses the recipient', async () => {
    const smtp = await server({
      onRcptTo(address, _session, callback) {
        const error = Object.assign(new Error(`<${address.address}>: mailbox unavailable`), { responseCode: 550 });
        callback(error);
      },
    });
    const mail = createSmtpMailTransport({ url: smtp.url, from: FROM, logger: quiet });
    cleanup.push(() => mail.close?.() ?? Promise.resolve());
    const error = await mail.send({ to: TO, subject: BODY, text: BODY, html: BODY }).catch((e: unknown) => e);
    expectNoPersonalData(error);
    expect(error).toMatchObject({ code: 'EENVELOPE', permanent: true });
    expect((error as Error).message).toBe('SMTP send failed (EENVELOPE 550 at RCPT TO)');
    expect(smtp.received).toHaveLength(0);
  });

  it('rejects promptly, as temporary, when nothing listens on the port', async () => {
    const port = await closedPort();
    const mail = createSmtpMailTransport({ url: `smtp://127.0.0.1:${port}`, from: FROM, logger: quiet });
    const started = performance.now();
    const error = await mail.send({ to: TO, subject: BODY, text: BODY, html: BODY }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(3_000);
    expectNoPersonalData(error);
    expect(error).toMatchObject({ permanent: false });
  });

  it('gives up on a server that never greets, after the greeting timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const address = silent.address();
    const port = address !== null && typeof address === 'object' ? address.port : 0;
    const mail = createSmtpMailTransport({
      url: `smtp://127.0.0.1:${port}`,
      from: FROM,
      logger: quiet,
      timeouts: { connection: 300, greeting: 300, socket: 300 },
    });
    const started = performance.now();
    const error = await mail.send({ to: TO, subject: BODY, text: BODY, html: BODY }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
    expectNoPersonalData(error);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', permanent: false });
  });

  it('close() waits for a message in flight, then refuses new ones', async () => {
    const smtp = await server({
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => setTimeout(() => callback(), 150));
      },
    });
    const mail = createSmtpMailTransport({ url: smtp.url, from: FROM, logger: quiet });
    let delivered = false;
    const sending = mail.send({ to: TO, subject: 's', text: 't', html: 'h' }).then(() => {
      delivered = true;
    });
    // Let the connection open before closing.
    await new Promise((resolve) => setTimeout(resolve, 30));
    await mail.close?.();
    expect(delivered).toBe(true);
    await sending;
    await expect(mail.send({ to: TO, subject: 's', text: 't', html: 'h' })).rejects.toThrow('mail transport is closed');
  });
});

describe('parseSmtpUrl', () => {
  it.each([
    ['smtp://127.0.0.1:2525', { host: '127.0.0.1', port: 2525, secure: false, authenticated: false }],
    [
      'smtps://user:pa%40ss@mail.example.com:465',
      { host: 'mail.example.com', port: 465, secure: true, authenticated: true },
    ],
    ['smtps://mail.example.com', { host: 'mail.example.com', port: 465, secure: true, authenticated: false }],
    ['smtp://relay.example.com', { host: 'relay.example.com', port: 587, secure: false, authenticated: false }],
  ])('%s', (url, endpoint) => {
    expect(parseSmtpUrl(url)).toEqual(endpoint);
  });

  it.each([
    'http://user:hunter2@mail.example.com',
    'hunter2',
    'smtps://user:hunter2@',
    '',
    'smtp://user:hunter2@mail.example.com/?tls.rejectUnauthorized=false',
  ])('rejects %j without repeating it', (url) => {
    expect(() => parseSmtpUrl(url)).toThrow(/^SMTP_URL/);
    try {
      parseSmtpUrl(url);
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
