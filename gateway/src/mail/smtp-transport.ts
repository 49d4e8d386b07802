// The SMTP mail transport, over nodemailer: one connection per message (privacy mail is rare),
// Message-ID and Date set here, multipart/alternative text + HTML. Node-specific, behind the port.
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { extraHeaders, type MailTransport } from './port.ts';

export interface SmtpTransportOptions {
  /** `smtp://[user:pass@]host[:port]` (STARTTLS when offered) or `smtps://…` (TLS from the start). */
  url: string;
  from: { name: string; address: string };
  /** Told the id of each message sent; never an address. */
  logger: { info(fields: { messageId: string }, message: string): void };
  /** Milliseconds; defaults: connection 10 s, greeting 10 s, socket idle 20 s. */
  timeouts?: { connection?: number; greeting?: number; socket?: number };
  now?: () => number;
}

/** Where an SMTP_URL points, without its credentials. */
export interface SmtpEndpoint {
  host: string;
  port: number;
  /** smtps: TLS from the first byte. */
  secure: boolean;
  /** The URL carries a user name (and so a password). */
  authenticated: boolean;
}

/** A failed send. The message names the SMTP stage and code, never the recipient or the body. */
export class MailSendError extends Error {
  override readonly name = 'MailSendError';
  constructor(
    /** nodemailer's error class, e.g. `ESOCKET`, `EENVELOPE`, `EAUTH`, `ETIMEDOUT`. */
    readonly code: string,
    /** The server answered 5xx: retrying the same message will not help. */
    readonly permanent: boolean,
    message: string,
  ) {
    super(message);
  }
}

const INVALID_URL = 'SMTP_URL must look like smtp://host:port or smtps://user:password@host:465';

/** Parses an SMTP_URL. The error never repeats the URL, which may hold a password. */
export function parseSmtpUrl(url: string): SmtpEndpoint {
  const parsed = parseUrl(url);
  const secure = parsed.protocol === 'smtps:';
  // nodemailer's defaults when the URL has no port.
  const port = parsed.port === '' ? (secure ? 465 : 587) : Number(parsed.port);
  return { host: parsed.hostname, port, secure, authenticated: parsed.username !== '' };
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(INVALID_URL);
  }
  if ((parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') || parsed.hostname === '') {
    throw new Error(INVALID_URL);
  }
  // nodemailer reads options from a URL's query, but then ignores every option passed beside it
  // (timeouts included); the URL is parsed here instead, so a query would be silently lost.
  if (parsed.search !== '') throw new Error('SMTP_URL options in the query string are not supported');
  return parsed;
}

export function createSmtpMailTransport(options: SmtpTransportOptions): MailTransport {
  const endpoint = parseSmtpUrl(options.url);
  const url = parseUrl(options.url);
  const now = options.now ?? Date.now;
  const domain = options.from.address.split('@')[1] ?? 'localhost';
  const transporter = nodemailer.createTransport({
    host: endpoint.host.replace(/^\[(.*)\]$/, '$1'),
    port: endpoint.port,
    secure: endpoint.secure,
    ...(endpoint.authenticated
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    // A password never crosses the network in clear text, except to this machine.
    requireTLS: endpoint.authenticated && !endpoint.secure && !isLoopback(endpoint.host),
    connectionTimeout: options.timeouts?.connection ?? 10_000,
    greetingTimeout: options.timeouts?.greeting ?? 10_000,
    socketTimeout: options.timeouts?.socket ?? 20_000,
    dnsTimeout: options.timeouts?.connection ?? 10_000,
    // nodemailer's own logger would print envelopes and so addresses.
    logger: false,
    debug: false,
  });
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  const deliver = async (message: Parameters<MailTransport['send']>[0]) => {
    const headers = Object.fromEntries(extraHeaders(message));
    const at = new Date(now());
    // Sortable by time, unique by 64 random bits, like the file transport's ids.
    const id = `${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z-${randomBytes(8).toString('hex')}`;
    try {
      await transporter.sendMail({
        from: options.from,
        // The object form is one mailbox: a comma in the string cannot add a recipient.
        to: { name: '', address: message.to },
        ...(message.replyTo ? { replyTo: { name: '', address: message.replyTo } } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        date: at,
        messageId: `<${id}@${domain}>`,
        headers,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (error) {
      throw toSendError(error);
    }
    options.logger.info({ messageId: id }, 'mail sent');
    return { id };
  };

  return {
    send(message) {
      if (closed) return Promise.reject(new Error('mail transport is closed'));
      const sending = deliver(message);
      inFlight.add(sending);
      const forget = () => void inFlight.delete(sending);
      sending.then(forget, forget);
      return sending;
    },
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
      transporter.close();
    },
  };
}

/** nodemailer's error, reduced to what is safe to log: its message and `response` may name the recipient. */
function toSendError(error: unknown): MailSendError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const code = typeof fields.code === 'string' && /^E[A-Z]{1,20}$/.test(fields.code) ? fields.code : 'ESEND';
  const status = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  const command =
    typeof fields.command === 'string' && /^[A-Z][A-Z0-9 -]{0,30}$/.test(fields.command) ? fields.command : undefined;
  const detail = [code, status, command && `at ${command}`].filter(Boolean).join(' ');
  return new MailSendError(code, status !== undefined && status >= 500, `SMTP send failed (${detail})`);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
