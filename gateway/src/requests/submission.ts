// A privacy-request submission as the form or the API sends it: its fields, their limits, and
// the checks that turn a body into a `Submission` (or a list of errors to show beside the fields).
import { MAIL_LOCALES, type MailLocale } from '../mail/templates/index.ts';
import { JURISDICTIONS, type Jurisdiction, REQUEST_TYPES, type RequestType } from '../store/records.ts';

export const EMAIL_MAX = 320;
export const DETAILS_MAX = 5000;
export const RECTIFICATION_MAX = 5000;
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
