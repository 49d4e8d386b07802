import type { CandorConfig } from '@candor/config';
import { renderMail, type TemplateData, type TemplateName } from '../mail/templates/index.ts';
import { publicBaseUrl } from '../public-origin.ts';
import type { PrivacyRequest, RecordStore, RequestMail } from '../store/records.ts';
import type { Unsubscribe } from '../unsubscribe/service.ts';

/**
 * What the privacy-request code needs, built once by `createApp`: the visitor side
 * (`intake.ts`, `routes.tsx`) and the officer side (`workflow.ts`, `admin/requests.tsx`) share it.
 */
export interface RequestDeps {
  config: CandorConfig;
  records: RecordStore;
  /** Email normalisation and keyed hashes (`hashesOf(email)[0]` is the current one), and suppressions. */
  unsubscribe: Unsubscribe;
  now: () => number;
  /** Tells the mail dispatcher that the queue has new mail. */
  wakeMail?: (() => void) | undefined;
  /** Tells the webhook dispatcher that the outbox has new messages. */
  wakeOutbox?: (() => void) | undefined;
}

/** The time zone deadlines and dates in mails are counted in: the first site's. */
export function requestTimeZone(config: CandorConfig): string {
  return config.sites[0]?.timezone ?? 'UTC';
}

/** The origin links in mails and callback URLs point at: `publicUrl`, else the company website; never a header. */
export function mailBaseUrl(config: CandorConfig): string {
  return publicBaseUrl(config);
}

/**
 * One mail to the requester of `request`, rendered in their locale, ready to enqueue with a
 * store change (`mail: [requestMail(...)]`) so it is sent even if the process stops right after.
 */
export function requestMail<K extends TemplateName>(
  deps: Pick<RequestDeps, 'config'>,
  to: string,
  locale: string,
  name: K,
  data: TemplateData[K],
  baseUrl: string = mailBaseUrl(deps.config),
): RequestMail {
  const rendered = renderMail(name, data, {
    locale,
    timeZone: requestTimeZone(deps.config),
    baseUrl,
    company: deps.config.company,
  });
  return { to, ...rendered };
}

/** The requester's address, or an error for a request that has been minimised (it has none). */
export function requesterOf(request: PrivacyRequest): string {
  if (request.email === null) throw new Error(`request ${request.reference} has been minimised`);
  return request.email;
}
