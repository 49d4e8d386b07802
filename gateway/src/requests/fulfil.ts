// What Candor itself does to fulfil a request: answer from its own stores, build the export
// package, erase. The officer's workflow (`workflow.ts`) calls these; they are being built.
import type { PrivacyRequest, SystemReport } from '../store/records.ts';
import type { RequestDeps } from './context.ts';

/** One source's answer about the requester: Candor's own stores, or a connected system. */
export interface SourceAnswer {
  /** e.g. `candor.consent`, `candor.suppressions`, `candor.requests`, `candor.analytics`, or a system id. */
  source: string;
  /** Plain words for the requester: what this source holds and why (or why nothing). */
  summary: string;
  /** Structured records (empty when the source holds nothing linkable to the email). */
  records: Record<string, unknown>[];
}

/** What Candor's own stores hold about the requester's email, with a reason where they hold nothing. */
export async function answerFromOwnStores(_deps: RequestDeps, _request: PrivacyRequest): Promise<SourceAnswer[]> {
  throw new Error('answerFromOwnStores is not built yet');
}

export interface BuiltExport {
  /** The zip: data.json, one CSV per source, README.txt. */
  bytes: Uint8Array;
  /** The download code for the completion mail; only its hash is stored. */
  code: string;
  expiresAt: Date;
}

/**
 * Builds the access/portability package from Candor's own answers and the systems' reports,
 * stores it (only the code's hash) and returns it with the code for the mail.
 */
export async function buildAndStoreExport(
  _deps: RequestDeps,
  _request: PrivacyRequest,
  _reports: readonly SystemReport[],
): Promise<BuiltExport> {
  throw new Error('buildAndStoreExport is not built yet');
}

/**
 * Erases what Candor holds for the request's email: other requests are minimised, and the
 * suppression hash stays (so no marketing mail is sent again). Returns counts for the timeline.
 */
export async function eraseRequester(
  _deps: RequestDeps,
  _request: PrivacyRequest,
  _actor: string,
): Promise<Record<string, number>> {
  throw new Error('eraseRequester is not built yet');
}
