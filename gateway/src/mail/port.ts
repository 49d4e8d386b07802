/**
 * MailTransport: how Candor sends an email. Adapters: SMTP (`smtp-transport.ts`, when SMTP_URL is
 * set) and the file transport (writes `.eml` files, the development default); `select.ts` picks
 * one. Tests use the memory twin below.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Where replies go when not to the sender, e.g. the privacy contact. */
  replyTo?: string;
  /**
   * Extra headers such as `List-Unsubscribe` or `Auto-Submitted`. Names are checked by
   * `extraHeaders`; line breaks in values are folded away, so no header can be injected.
   */
  headers?: Record<string, string>;
}

export interface MailTransport {
  /** Resolves once the message is handed over; `id` names it without naming the recipient. */
  send(message: MailMessage): Promise<{ id: string }>;
  /** Waits for messages in flight, then releases connections. Sending afterwards rejects. */
  close?(): Promise<void>;
}

/** Headers the transports write themselves; a message cannot set or override them. */
const RESERVED = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'sender',
  'return-path',
]);

/**
 * A message's extra headers as [name, value] pairs, values on one line. Throws a TypeError on a
 * name that is not a plain header token or is one the transport owns — a programming error.
 */
export function extraHeaders(message: MailMessage): [string, string][] {
  return Object.entries(message.headers ?? {}).map(([name, value]) => {
    if (!/^[A-Za-z][A-Za-z0-9-]{0,75}$/.test(name) || RESERVED.has(name.toLowerCase())) {
      throw new TypeError(`mail header "${name}" cannot be set by a message`);
    }
    return [name, oneLine(value)];
  });
}

/** A header value with no line breaks, so no header can be injected. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

export interface MemoryMailTransport extends MailTransport {
  /** Every message sent, oldest first. */
  readonly sent: MailMessage[];
  /** True once `close()` was called. */
  readonly closed: boolean;
}

/** Keeps what it is given, for tests. Checks headers like the real transports do. */
export function createMemoryMailTransport(): MemoryMailTransport {
  const sent: MailMessage[] = [];
  let closed = false;
  return {
    sent,
    get closed() {
      return closed;
    },
    async send(message) {
      if (closed) throw new Error('mail transport is closed');
      extraHeaders(message);
      sent.push(structuredClone(message));
      return { id: `memory-${sent.length}` };
    },
    async close() {
      closed = true;
    },
  };
}
