// Picks the mail transport once, at start-up: SMTP when SMTP_URL is set, else `.eml` files.
import { join } from 'node:path';
import type { CandorConfig } from '@candor/config';
import { createFileMailTransport } from './file-transport.ts';
import type { MailTransport } from './port.ts';
import { createSmtpMailTransport, parseSmtpUrl } from './smtp-transport.ts';

export interface MailSelectionOptions {
  /** SMTP_URL; unset or empty means the file transport. */
  smtpUrl?: string | undefined;
  /** The data dir; the file transport writes to `<dataDir>/mail`. */
  dataDir: string;
  /** Mail is sent from the company's name and privacy contact. */
  config: Pick<CandorConfig, 'company'>;
  /** Production without SMTP_URL still writes files, but warns: nobody receives them. */
  production?: boolean;
  logger: {
    info(fields: Record<string, unknown>, message: string): void;
    warn(fields: Record<string, unknown>, message: string): void;
  };
}

export interface MailSelection {
  transport: MailTransport;
  kind: 'smtp' | 'file';
  /** One line for start-up output, e.g. "mail: SMTP to mail.example.com:465 (TLS)". No credentials. */
  description: string;
}

/** Builds the transport and logs which one is active. Throws on a malformed SMTP_URL. */
export function createMailTransport(options: MailSelectionOptions): MailSelection {
  const from = { name: options.config.company.name, address: options.config.company.privacyContact };
  if (options.smtpUrl) {
    const endpoint = parseSmtpUrl(options.smtpUrl);
    const transport = createSmtpMailTransport({ url: options.smtpUrl, from, logger: options.logger });
    const security = endpoint.secure ? 'TLS' : 'STARTTLS when offered';
    const description = `mail: SMTP to ${endpoint.host}:${endpoint.port} (${security})`;
    options.logger.info({ transport: 'smtp', host: endpoint.host, port: endpoint.port }, description);
    return { transport, kind: 'smtp', description };
  }
  const dir = join(options.dataDir, 'mail');
  const transport = createFileMailTransport({ dir, from, logger: options.logger });
  const description = `mail: file transport in ${dir}`;
  if (options.production) {
    options.logger.warn({ transport: 'file', dir }, `${description}; SMTP_URL is not set, so no mail leaves this host`);
  } else {
    options.logger.info({ transport: 'file', dir }, description);
  }
  return { transport, kind: 'file', description };
}
