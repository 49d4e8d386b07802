/**
 * MailTransport: how Candor sends an email. Adapters: the file transport (writes `.eml` files,
 * the default) and, with a later issue, SMTP. Tests use the memory twin below.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  /** Resolves once the message is handed over; `id` names it without naming the recipient. */
  send(message: MailMessage): Promise<{ id: string }>;
}

export interface MemoryMailTransport extends MailTransport {
  /** Every message sent, oldest first. */
  readonly sent: MailMessage[];
}

/** Keeps what it is given, for tests. */
export function createMemoryMailTransport(): MemoryMailTransport {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(structuredClone(message));
      return { id: `memory-${sent.length}` };
    },
  };
}
