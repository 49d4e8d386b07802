// The visitor side of privacy requests, framework-free: check a submission, file it with its
// verification mail (or, for a bot or a flooded address, do the same work and file nothing), and
// spend the emailed token. The routes in routes.tsx are thin adapters around this.
import { MAIL_LOCALES, type MailLocale } from '../mail/templates/index.ts';
import { createMemoryRateLimiter, type RateLimiter } from '../middleware/rate-limit/limiter.ts';
import {
  JURISDICTIONS,
  type Jurisdiction,
  type NewOutboxMessage,
  newRequestReference,
  type PrivacyRequest,
  REQUEST_TYPES,
  type RequestType,
} from '../store/records.ts';
import { type RequestDeps, requesterOf, requestMail, requestTimeZone } from './context.ts';
import { dueDate } from './deadlines.ts';

export const EMAIL_MAX = 320;
export const DETAILS_MAX = 5000;
export const RECTIFICATION_MAX = 5000;
/** A verification link works this long. */
export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000;
/** Verification mails per address and hour: enough to retry, too few to flood someone's inbox. */
export const PER_EMAIL_PER_HOUR = 3;
/** The honeypot: hidden from people, filled in by bots that fill in every field. */
export const HONEYPOT_FIELD = 'website';
export const SUBMISSION_FIELDS = [
  'type',
  'email',
  'details',
  'rectification',
  'jurisdiction',
  'locale',
  HONEYPOT_FIELD,
] as const;

/** A field the visitor must fix, with a message fit to show beside it. Never echoes the value. */
export interface FieldError {
  field: string;
  message: string;
}

/** A valid submission. `email` is normalised; empty optional texts are null. */
export interface Submission {
  type: RequestType;
  email: string;
  details: string | null;
  /** Kept only for `rectify`: for other types it is data we have no use for. */
  rectification: string | null;
  jurisdiction: Jurisdiction;
  locale: MailLocale;
  /** The honeypot was filled in: answer as usual, file nothing. */
  bot: boolean;
}

export type ParseResult = { ok: true; submission: Submission } | { ok: false; errors: FieldError[] };

export interface ParseOptions {
  /** JSON refuses unknown fields; a form post ignores them (e.g. a named submit button). */
  strict: boolean;
  defaultJurisdiction: Jurisdiction;
  acceptLanguage?: string | undefined;
  normalise: (email: string) => string | undefined;
}

/** Checks a submission's fields, collecting every error so a form can show them all at once. */
export function parseSubmission(body: Record<string, unknown>, options: ParseOptions): ParseResult {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => void errors.push({ field, message });
  if (options.strict) {
    for (const key of Object.keys(body)) {
      if (!(SUBMISSION_FIELDS as readonly string[]).includes(key)) fail(key, 'is not a field of this form.');
    }
  }

  const type = body.type;
  if (typeof type !== 'string' || type === '') fail('type', 'Choose what you want us to do.');
  else if (!(REQUEST_TYPES as readonly string[]).includes(type)) {
    fail('type', `Choose one of: ${REQUEST_TYPES.join(', ')}.`);
  }

  const rawEmail = body.email;
  let email: string | undefined;
  if (typeof rawEmail !== 'string' || rawEmail.trim() === '') fail('email', 'Enter your email address.');
  else if (rawEmail.length > EMAIL_MAX) fail('email', `An email address has at most ${EMAIL_MAX} characters.`);
  else {
    email = options.normalise(rawEmail.trim());
    if (email === undefined) fail('email', 'Enter a valid email address, like name@example.com.');
  }

  const details = optionalText(body, 'details', DETAILS_MAX, fail);
  const rectification = optionalText(body, 'rectification', RECTIFICATION_MAX, fail);

  let jurisdiction = options.defaultJurisdiction;
  const rawJurisdiction = body.jurisdiction;
  if (rawJurisdiction !== undefined && rawJurisdiction !== null && rawJurisdiction !== '') {
    if (typeof rawJurisdiction === 'string' && (JURISDICTIONS as readonly string[]).includes(rawJurisdiction)) {
      jurisdiction = rawJurisdiction as Jurisdiction;
    } else fail('jurisdiction', `Choose one of: ${JURISDICTIONS.join(', ')}.`);
  }

  const rawLocale = body.locale;
  if (rawLocale !== undefined && rawLocale !== null && (typeof rawLocale !== 'string' || rawLocale.length > 35)) {
    fail('locale', 'must be a language tag such as "en" or "de".');
  }
  const locale = pickLocale(typeof rawLocale === 'string' ? rawLocale : undefined, options.acceptLanguage);

  const honeypot = body[HONEYPOT_FIELD];
  const bot = honeypot !== undefined && honeypot !== null && String(honeypot).trim() !== '';

  if (errors.length > 0 || email === undefined) return { ok: false, errors };
  return {
    ok: true,
    submission: {
      type: type as RequestType,
      email,
      details,
      rectification: type === 'rectify' ? rectification : null,
      jurisdiction,
      locale,
      bot,
    },
  };
}

function optionalText(
  body: Record<string, unknown>,
  field: string,
  max: number,
  fail: (field: string, message: string) => void,
): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    fail(field, 'must be text.');
    return null;
  }
  // Counted like the browser's maxlength (UTF-16 code units), so the form and the API agree.
  if (value.length > max) {
    fail(
      field,
      `Write at most ${max.toLocaleString('en')} characters (this has ${value.length.toLocaleString('en')}).`,
    );
    return null;
  }
  const text = value.trim();
  return text === '' ? null : text;
}

/** The body's locale if we have mails in it, else the best of Accept-Language we have, else English. */
export function pickLocale(bodyLocale: string | undefined, acceptLanguage: string | undefined): MailLocale {
  const supported = (tag: string): MailLocale | undefined => {
    const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    return (MAIL_LOCALES as readonly string[]).includes(language) ? (language as MailLocale) : undefined;
  };
  const fromBody = bodyLocale === undefined ? undefined : supported(bodyLocale);
  if (fromBody) return fromBody;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag = '', ...params] = part.split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const locale = supported(tag);
    if (locale) return locale;
  }
  return 'en';
}

/** What happened to a valid submission; for the log only, never for the response. */
export type SubmitOutcome = 'created' | 'refreshed' | 'bot' | 'limited';

export interface IntakeOptions {
  /** Verification mails per address; default 3 an hour. Keyed by the email's HMAC, never the email. */
  perEmail?: RateLimiter;
}

/**
 * Files submissions and spends verification tokens.
 *
 * Every valid submission looks the same from outside: the route answers one fixed body, and the
 * work done is the same on every path. The email's HMAC, the token, its hash and the rendered mail
 * are computed every time; only a real submission writes to the store. A bot's or a flooded
 * address's submission instead waits as long as recent store writes took (a moving average), so
 * the response time does not tell the paths apart either.
 */
export function createIntake(deps: RequestDeps, options: IntakeOptions = {}) {
  const { config, records } = deps;
  const perEmail =
    options.perEmail ??
    createMemoryRateLimiter({ capacity: PER_EMAIL_PER_HOUR, perMinute: PER_EMAIL_PER_HOUR / 60, now: deps.now });
  let writeMs = 1;

  async function submit(s: Submission, baseUrl: string): Promise<SubmitOutcome> {
    const [emailHash = ''] = await deps.unsubscribe.hashesOf(s.email);
    const token = newToken();
    const tokenHash = await sha256Hex(token);
    const receivedAt = new Date(deps.now());
    const expiresAt = new Date(receivedAt.getTime() + VERIFY_TTL_MS);
    const mail = requestMail(deps, s.email, s.locale, 'verify', { type: s.type, token, expiresAt }, baseUrl);

    const skip: SubmitOutcome | undefined = s.bot ? 'bot' : perEmail.take(emailHash).allowed ? undefined : 'limited';
    if (skip) {
      await new Promise((resolve) => setTimeout(resolve, writeMs));
      return skip;
    }
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
    });
    writeMs = 0.8 * writeMs + 0.2 * (performance.now() - started);
    deps.wakeMail?.();
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
   * system was told, the request waits for them. Undefined for a bad, expired or spent token.
   */
  async function confirm(token: string, baseUrl: string): Promise<PrivacyRequest | undefined> {
    const request = await open(token);
    if (!request) return undefined;
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
    const verified = await records.requests.verify(request.id, { at, dueAt, mail: [receipt], outbox });
    if (!verified) return undefined;
    deps.wakeMail?.();
    if (outbox.length === 0) return verified;
    deps.wakeOutbox?.();
    const waiting = await records.requests.transition(request.id, {
      from: ['verified'],
      to: 'awaiting_systems',
      at,
      actor: 'system',
      detail: { systems: outbox.map((m) => m.target) },
    });
    return waiting ?? verified;
  }

  return { submit, open, confirm };
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
