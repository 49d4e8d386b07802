// The visitor side of privacy requests, framework-free: check a submission, file it with its
// verification mail (held or left out when the mailbox's budget is spent; nothing at all for a
// bot), and spend the emailed token. The routes in routes.tsx are thin adapters around this.

import {
  type NewOutboxMessage,
  newRequestReference,
  type PrivacyRequest,
  type RequestContent,
  type SubmitInput,
} from '../store/records.ts';
import { arrivalMails } from './arrivals.ts';
import { type RequestDeps, requesterOf, requestMail, requestTimeZone } from './context.ts';
import { dueDate } from './deadlines.ts';
import { createMailBudget, type MailBudget } from './mail-budget.ts';
import { rateLimitMailbox } from './mailbox.ts';
import type { Submission } from './submission.ts';

export {
  DETAILS_MAX,
  EMAIL_MAX,
  type FieldError,
  HONEYPOT_FIELD,
  type ParseOptions,
  type ParseResult,
  parseSubmission,
  pickLocale,
  RECTIFICATION_MAX,
  SUBMISSION_FIELDS,
  type Submission,
} from './submission.ts';

/** A verification link works this long. */
export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * Verification mails per mailbox (`rateLimitMailbox`: aliases count as one) and request type an
 * hour: enough to retry, too few to flood an inbox. One more is held for the next free slot.
 */
export const PER_EMAIL_PER_HOUR = 3;
/** Verification mails of the whole gateway an hour; past it requests are filed without a mail, and the log says so. */
export const VERIFICATION_MAILS_PER_HOUR = 100;

/** What happened to a valid submission; for the log only, never for the response. */
export type SubmitOutcome = 'created' | 'refreshed' | 'amended' | 'bot';

/** What pressing "Confirm" did: confirmed; the request changed since its page was shown; or a bad token. */
export type ConfirmResult =
  | { status: 'confirmed'; request: PrivacyRequest }
  | { status: 'changed'; request: PrivacyRequest }
  | { status: 'invalid' };

/** The part of the logger the intake uses; fields are counts, never an address. */
export interface IntakeLogger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface IntakeOptions {
  /** Verification mails per mailbox and type (default 3 an hour, one more held); keyed by keyed hashes only. */
  perMailbox?: MailBudget;
  /** Verification mails of the gateway an hour (default `VERIFICATION_MAILS_PER_HOUR`). */
  mailsPerHour?: number;
  /** Where reaching the hourly cap is reported (the gateway's logger). */
  logger?: IntakeLogger | undefined;
}

/**
 * Files submissions and spends verification tokens.
 *
 * Every valid submission looks the same from outside: the route answers one fixed body, and the
 * work done is the same on every path. The email's HMAC, the token, its hash and the rendered mail
 * are computed every time, and every submission but a bot's is filed, even one whose mailbox has
 * used its mail budget: it then amends the pending request (whose link, already mailed, confirms
 * the latest content), or waits for the mailbox's next free slot. A bot's submission instead
 * waits as long as recent store writes took (a moving average), so the response time does not
 * tell it apart either.
 */
export function createIntake(deps: RequestDeps, options: IntakeOptions = {}) {
  const { config, records } = deps;
  const perMailbox = options.perMailbox ?? createMailBudget({ perHour: PER_EMAIL_PER_HOUR, now: deps.now });
  const cap = options.mailsPerHour ?? VERIFICATION_MAILS_PER_HOUR;
  const hourly = createMailBudget({ perHour: cap, ahead: 0, now: deps.now });
  let writeMs = 1;
  let withoutMail = 0; // submissions filed without a mail since the hourly cap was reached

  /** Takes one mail from the gateway's hourly cap, and says loudly when it runs out and when it is back. */
  function underHourlyCap(): boolean {
    if (hourly.take('') !== undefined) {
      if (withoutMail > 0) {
        options.logger?.warn(
          { filedWithoutMail: withoutMail, cap },
          'privacy-request verification mails flow again; the requests filed meanwhile got no mail (a repeat gets one)',
        );
        withoutMail = 0;
      }
      return true;
    }
    if (withoutMail++ === 0) {
      options.logger?.error(
        { cap },
        `privacy-request verification mails reached the hourly cap of ${cap}: requests are filed but not mailed until it refills; someone may be flooding the form`,
      );
    }
    return false;
  }

  async function submit(s: Submission, baseUrl: string): Promise<SubmitOutcome> {
    const [emailHash = ''] = await deps.unsubscribe.hashesOf(s.email);
    // The mail budget belongs to the mailbox, whatever alias names it; only a keyed hash is the key.
    const [mailboxHash = ''] = await deps.unsubscribe.hashesOf(rateLimitMailbox(s.email));
    const token = newToken();
    const tokenHash = await sha256Hex(token);
    const receivedAt = new Date(deps.now());
    const expiresAt = new Date(receivedAt.getTime() + VERIFY_TTL_MS);
    const mail = requestMail(deps, s.email, s.locale, 'verify', { type: s.type, token, expiresAt }, baseUrl);

    if (s.bot) {
      await new Promise((resolve) => setTimeout(resolve, writeMs));
      return 'bot';
    }
    const budgetKey = `${s.type}:${mailboxHash}`;
    const slot = perMailbox.take(budgetKey);
    let later: SubmitInput['later'];
    if (slot === undefined) later = { reason: 'address_limit' };
    else if (!underHourlyCap()) {
      perMailbox.refund(budgetKey);
      later = { reason: 'hourly_cap' };
    } else if (slot.heldUntil !== null) later = { reason: 'address_limit', mailAt: new Date(slot.heldUntil) };

    const started = performance.now();
    const { outcome } = await records.requests.submit({
      request: {
        id: crypto.randomUUID(),
        reference: newRequestReference(),
        type: s.type,
        jurisdiction: s.jurisdiction,
        email: s.email,
        emailHash,
        details: s.details,
        rectification: s.rectification,
        locale: s.locale,
        receivedAt,
      },
      verification: { tokenHash, expiresAt },
      mail: [mail],
      ...(later ? { later } : {}),
    });
    writeMs = 0.8 * writeMs + 0.2 * (performance.now() - started);
    if (later?.mailAt && outcome === 'amended') {
      // The pending request kept the link it was mailed: the held slot is not needed.
      perMailbox.refund(budgetKey);
      hourly.refund('');
    }
    if (later === undefined || (later.mailAt && outcome !== 'amended')) deps.wakeMail?.();
    return outcome;
  }

  /** The unverified request of an unexpired token; reads only. */
  async function open(token: string): Promise<PrivacyRequest | undefined> {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    return records.requests.byVerificationToken(await sha256Hex(token), new Date(deps.now()));
  }

  /**
   * Verifies the request of this token (single use): due date, receipt mail and one
   * `privacy_request.verified` webhook per subscribed target in one store call; then, if any
   * system was told, the request waits for them. `shown` is the `contentVersion` of the page the
   * requester confirmed: when a repeat submission changed the request since, nothing is confirmed
   * and the new content is returned to be shown. Invalid for a bad, expired or spent token.
   */
  async function confirm(token: string, baseUrl: string, shown?: string): Promise<ConfirmResult> {
    const request = await open(token);
    if (!request) return { status: 'invalid' };
    if (shown !== undefined && shown !== (await contentVersion(request))) return { status: 'changed', request };
    const at = new Date(deps.now());
    const dueAt = dueDate(request.receivedAt, request.jurisdiction, requestTimeZone(config));
    const email = requesterOf(request);
    const receipt = requestMail(
      deps,
      email,
      request.locale,
      'receipt',
      { reference: request.reference, type: request.type, receivedAt: request.receivedAt, dueAt },
      baseUrl,
    );
    const eventId = crypto.randomUUID();
    const outbox = config.webhooks
      .filter((w) => w.events.includes('privacy_request.verified'))
      .map(
        (w): NewOutboxMessage => ({
          eventId,
          type: 'privacy_request.verified',
          target: w.id,
          email,
          list: '',
          source: 'privacy-request',
          occurredAt: at,
          data: {
            request_id: request.id,
            reference: request.reference,
            type: request.type,
            restricted: request.restricted,
            jurisdiction: request.jurisdiction,
            due_at: dueAt.toISOString(),
            callback_url: `${baseUrl}/api/privacy-requests/${request.id}/systems/${encodeURIComponent(w.id)}`,
          },
        }),
      );
    // Only this token and this content: a repeat submission between reading and writing must not
    // be confirmed unseen (nor get the due date of the old jurisdiction).
    const expect = { tokenHash: await sha256Hex(token), content: contentOf(request) };
    // The team hears of it in the same transaction, unless it asked for a daily summary instead.
    const team = config.privacyRequests.arrivals === 'each' ? arrivalMails(deps, [{ ...request, dueAt }], false) : [];
    const mail = [receipt, ...team];
    const verified = await records.requests.verify(request.id, { at, dueAt, mail, outbox, expect });
    if (!verified) {
      const now = await open(token);
      return now ? { status: 'changed', request: now } : { status: 'invalid' };
    }
    deps.wakeMail?.();
    if (outbox.length === 0) return { status: 'confirmed', request: verified };
    deps.wakeOutbox?.();
    const waiting = await records.requests.transition(request.id, {
      from: ['verified'],
      to: 'awaiting_systems',
      at,
      actor: 'system',
      detail: { systems: outbox.map((m) => m.target) },
    });
    return { status: 'confirmed', request: waiting ?? verified };
  }

  return { submit, open, confirm };
}

/** What a repeat submission may change, and so what the confirm page shows and confirms. */
export function contentOf(request: PrivacyRequest): RequestContent {
  const { jurisdiction, details, rectification, locale } = request;
  return { jurisdiction, details, rectification, locale };
}

/** A fingerprint of the content the confirm page shows, sent back with the confirmation. */
export function contentVersion(request: PrivacyRequest): Promise<string> {
  const c = contentOf(request);
  return sha256Hex(JSON.stringify([request.id, request.type, c.jurisdiction, c.locale, c.details, c.rectification]));
}

export type Intake = ReturnType<typeof createIntake>;

/** 32 random bytes, base64url without padding: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** What the store keeps of a token. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
