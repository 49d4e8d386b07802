// What Candor's own stores hold about a requester, in words they can read. Only suppressions and
// privacy requests are keyed by the email; consent proof and analytics are built so that nothing
// in them can be linked to a person, and the answers say so rather than staying silent.
import { ALL_LISTS, type PrivacyRequest, type SuppressionSource } from '../store/records.ts';
import { mailBaseUrl, type RequestDeps, requesterOf } from './context.ts';

/** One source's answer about the requester: Candor's own stores, or a connected system. */
export interface SourceAnswer {
  /** e.g. `candor.consent`, `candor.suppressions`, `candor.requests`, `candor.analytics`, or a system id. */
  source: string;
  /** Plain words for the requester: what this source holds and why (or why nothing). */
  summary: string;
  /** Structured records (empty when the source holds nothing linkable to the email). */
  records: Record<string, unknown>[];
}

const SOURCE_WORDS: Record<SuppressionSource, string> = {
  'one-click': 'the unsubscribe button of your email program',
  page: 'the unsubscribe page linked from our emails',
  api: 'our email system, on your behalf',
  admin: 'our staff, on your request',
  'privacy-request': 'a privacy request',
};

/**
 * Every hash the requester's email may be stored under: one per current and previous secret, and
 * the one stored with the request itself.
 */
export async function emailHashesOf(deps: RequestDeps, request: PrivacyRequest): Promise<string[]> {
  const email = requesterOf(request);
  const hashes = await deps.unsubscribe.hashesOf(deps.unsubscribe.normalise(email) ?? email.trim().toLowerCase());
  return [...new Set([...hashes, ...(request.emailHash ? [request.emailHash] : [])])];
}

/** What Candor's own stores hold about the requester's email, with a reason where they hold nothing. */
export async function answerFromOwnStores(deps: RequestDeps, request: PrivacyRequest): Promise<SourceAnswer[]> {
  const hashes = await emailHashesOf(deps, request);
  const [suppressions, requests] = await Promise.all([
    deps.records.suppressions.ofHashes(hashes),
    deps.records.requests.ofEmailHashes(hashes),
  ]);
  const earlier = requests.filter((r) => r.id !== request.id);
  return [
    consentAnswer(deps),
    suppressionAnswer(deps, suppressions),
    requestsAnswer(earlier),
    await mailAnswer(deps, [...earlier, request]),
    analyticsAnswer(),
  ];
}

function consentAnswer(deps: RequestDeps): SourceAnswer {
  const cookie = deps.config.consent.cookieName;
  return {
    source: 'candor.consent',
    summary:
      'Your cookie choices are stored as proof of consent under a random id that only your browser knows ' +
      `(in the "${cookie}" cookie). They hold no email address, IP address or browser details, so we ` +
      'cannot find them from your email address and none are listed here. To see your own, open ' +
      `${mailBaseUrl(deps.config)}/api/consent/<id> in that browser, where <id> is the id in your "${cookie}" cookie.`,
    records: [],
  };
}

function suppressionAnswer(
  deps: RequestDeps,
  rows: Awaited<ReturnType<RequestDeps['records']['suppressions']['ofHashes']>>,
): SourceAnswer {
  const names = new Map(deps.config.mailingLists.map((l) => [l.id, l.name]));
  // One row per list, however many secrets the address was stored under: the earliest counts.
  const byList = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const seen = byList.get(row.list);
    if (!seen || row.createdAt < seen.createdAt) byList.set(row.list, row);
  }
  const records = [...byList.values()]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((row) => ({
      list: row.list === ALL_LISTS ? 'all' : row.list,
      list_name: row.list === ALL_LISTS ? 'All marketing email' : (names.get(row.list) ?? row.list),
      since: row.createdAt.toISOString(),
      source: row.source,
      how: SOURCE_WORDS[row.source],
    }));
  return {
    source: 'candor.suppressions',
    summary:
      records.length > 0
        ? 'You asked us not to send you these marketing emails. We keep a one-way code of your email ' +
          'address (not the address itself) with each choice, so that we never send them to you again.'
        : 'You have not unsubscribed from any of our marketing emails, so we hold nothing about you here.',
    records,
  };
}

function requestsAnswer(earlier: readonly PrivacyRequest[]): SourceAnswer {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    source: 'candor.requests',
    summary:
      earlier.length > 0
        ? 'Your earlier privacy requests to us, with their reference, kind and dates. We keep them to ' +
          'show that we answered them, then reduce them to the reference and dates.'
        : 'You have made no earlier privacy requests with this email address.',
    records: earlier.map((r) => ({
      reference: r.reference,
      type: r.type,
      status: r.status,
      received_at: iso(r.receivedAt),
      verified_at: iso(r.verifiedAt),
      due_at: iso(r.dueAt),
      completed_at: iso(r.completedAt),
    })),
  };
}

/** The emails sent about these requests: the queue drops address and text once sent, the timeline keeps the subject. */
async function mailAnswer(deps: RequestDeps, requests: readonly PrivacyRequest[]): Promise<SourceAnswer> {
  const records: Record<string, unknown>[] = [];
  for (const r of requests) {
    for (const e of await deps.records.requests.events(r.id)) {
      const detail = e.detail as { subject?: unknown; reminder?: unknown } | null;
      // Staff reminders are `email` events too, but they went to the privacy team, not to the requester.
      if (e.kind !== 'email' || typeof detail?.subject !== 'string' || detail.reminder !== undefined) continue;
      records.push({ request: r.reference, queued_at: e.at.toISOString(), subject: detail.subject });
    }
  }
  return {
    source: 'candor.mail',
    summary:
      records.length > 0
        ? 'The emails we sent you about your privacy requests. Your address and the text are deleted ' +
          'from our mail queue once an email is sent; we keep only its subject and time with the request.'
        : 'We have sent you no emails about privacy requests.',
    records,
  };
}

function analyticsAnswer(): SourceAnswer {
  return {
    source: 'candor.analytics',
    summary:
      'Our website statistics hold nothing personal: no cookies, no IP address and no browser details ' +
      'are stored. Page views carry a random visit id; the key that tells visits apart exists only ' +
      'in memory, mixed with a random value that is destroyed within 48 hours. Nothing in them can ' +
      'be linked to you, so there is nothing to show.',
    records: [],
  };
}
