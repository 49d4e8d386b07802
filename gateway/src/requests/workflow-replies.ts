// The reply composer's drafts: a template rendered for one request, for the officer to edit and
// send (`sendReply` in workflow.ts). Facts the store no longer has (a download code, a reason not
// yet written) appear as [bracketed] placeholders for the officer to replace.
import {
  type MailLocale,
  NOTIFIED_STATUSES,
  type NotifiedStatus,
  type RenderedMail,
  resolveMailLocale,
} from '../mail/templates/index.ts';
import type { PrivacyRequest } from '../store/records.ts';
import { mailBaseUrl, type RequestDeps, requesterOf, requestMail, requestTimeZone } from './context.ts';
import { dueDate } from './deadlines.ts';

export const REPLY_TEMPLATES = ['receipt', 'status', 'extension', 'completed', 'rejected'] as const;
export type ReplyTemplate = (typeof REPLY_TEMPLATES)[number];

export const REPLY_TEMPLATE_LABELS: Record<ReplyTemplate, string> = {
  receipt: 'Receipt (reference and due date)',
  status: 'Status (the current status)',
  extension: 'Extension (new due date and why)',
  completed: 'Completion',
  rejected: 'Rejection (reasons and the complaint route)',
};

const DAY_MS = 86_400_000;

/** Placeholders in the requester's language, for facts the officer must fill in. */
const PLACEHOLDERS: Record<MailLocale, { code: string; extension: string; rejection: string }> = {
  en: {
    code: '[the code in our earlier email]',
    extension: '[Why more time is needed]',
    rejection: '[Why we cannot act on the request]',
  },
  de: {
    code: '[der Code aus unserer früheren E-Mail]',
    extension: '[Warum wir mehr Zeit benötigen]',
    rejection: '[Warum wir der Anfrage nicht nachkommen können]',
  },
};

/** The template rendered for this request, in its locale, with the current facts. */
export async function draftReply(
  deps: RequestDeps,
  request: PrivacyRequest,
  template: ReplyTemplate,
): Promise<RenderedMail> {
  const to = requesterOf(request);
  const { reference, type } = request;
  const words = PLACEHOLDERS[resolveMailLocale(request.locale)];
  const due = request.dueAt ?? dueDate(request.receivedAt, request.jurisdiction, requestTimeZone(deps.config));
  const mail = (() => {
    switch (template) {
      case 'receipt':
        return requestMail(deps, to, request.locale, 'receipt', {
          reference,
          type,
          receivedAt: request.receivedAt,
          dueAt: due,
        });
      case 'status':
        return requestMail(deps, to, request.locale, 'status', { reference, type, status: notified(request.status) });
      case 'extension':
        return requestMail(deps, to, request.locale, 'extension', {
          reference,
          type,
          dueAt: due,
          reason: request.extensionReason ?? words.extension,
        });
      case 'rejected':
        return rejectionReasons(deps, request, words.rejection).then((reasons) =>
          requestMail(deps, to, request.locale, 'rejected', { reference, type, reasons }),
        );
      case 'completed':
        return completion(deps, request, to, words.code);
    }
  })();
  const { subject, text, html } = await mail;
  return { subject, text, html };
}

async function completion(deps: RequestDeps, request: PrivacyRequest, to: string, placeholder: string) {
  const { reference } = request;
  if (request.type !== 'access' && request.type !== 'port') {
    return requestMail(deps, to, request.locale, 'completed', { reference, type: request.type });
  }
  // Only the code's hash is kept, so a resent link cannot carry the code itself.
  const now = new Date(deps.now());
  const pkg = await deps.records.requests.getExport(request.id, now);
  const expiresAt = pkg?.expiresAt ?? new Date(now.getTime() + deps.config.retention.exportPackageDays * DAY_MS);
  const url = `${mailBaseUrl(deps.config)}/privacy-requests/download/${encodeURIComponent(request.id)}`;
  const download = { url, code: placeholder, expiresAt };
  return requestMail(deps, to, request.locale, 'completed', { reference, type: request.type, download });
}

/** The reasons of the rejection, if the request was rejected; else a placeholder. */
async function rejectionReasons(deps: RequestDeps, request: PrivacyRequest, placeholder: string): Promise<string[]> {
  const events = await deps.records.requests.events(request.id);
  for (const e of events.reverse()) {
    const detail = e.detail as { to?: unknown; detail?: { reasons?: unknown } } | null;
    const reasons = detail?.detail?.reasons;
    if (e.kind === 'status' && detail?.to === 'rejected' && Array.isArray(reasons)) {
      return reasons.filter((r): r is string => typeof r === 'string');
    }
  }
  return [placeholder];
}

function notified(status: PrivacyRequest['status']): NotifiedStatus {
  return NOTIFIED_STATUSES.find((s) => s === status) ?? 'verified';
}
