// Erasure of what Candor itself holds for an email. What it deletes and what it keeps, and why,
// is the table in ./README.md; keep the two in step.
import { ALL_LISTS, type PrivacyRequest } from '../store/records.ts';
import { type RequestDeps, requesterOf } from './context.ts';
import { emailHashesOf } from './own-stores.ts';

/** What `eraseRequester` did, for the timeline and the officer's page. */
export interface EraseCounts extends Record<string, number> {
  /** Other privacy requests of the email reduced to proof (email, details, notes, reports, exports, unsent mail dropped). */
  requestsMinimised: number;
  /** Suppression rows kept on purpose, so no marketing email is sent to the address again. */
  suppressionsKept: number;
  /** 1 when the erasure added the `*` suppression itself (the address had none for every list). */
  suppressionsAdded: number;
  /** Consent records found: always 0, they are not linkable to an email. */
  consentRecords: number;
  /** Analytics rows found: always 0, they hold nothing personal. */
  analyticsEvents: number;
}

/**
 * Erases what Candor holds for the request's email: other requests are minimised, and the address
 * is suppressed for every list (`*`), kept only as its keyed hash, so that no marketing mail reaches
 * it again: data that cannot be deleted is marked. Returns counts for the timeline.
 *
 * The current request is left as it is: it still needs the address for the completion mail, and
 * `minimiseCompleted` reduces it to proof when its retention ends. `eraseEmail` appends the
 * `erased` event to it in the same transaction as the minimisation.
 */
export async function eraseRequester(deps: RequestDeps, request: PrivacyRequest, actor: string): Promise<EraseCounts> {
  const email = requesterOf(request);
  const { added } = await deps.unsubscribe.change(
    deps.unsubscribe.normalise(email) ?? email,
    { add: [ALL_LISTS] },
    'privacy-request',
  );
  const hashes = await emailHashesOf(deps, request);
  const suppressions = await deps.records.suppressions.ofHashes(hashes);
  const requestsMinimised = await deps.records.requests.eraseEmail(hashes, request.id, {
    at: new Date(deps.now()),
    actor,
  });
  return {
    requestsMinimised,
    suppressionsKept: suppressions.length,
    suppressionsAdded: added.length,
    consentRecords: 0,
    analyticsEvents: 0,
  };
}
