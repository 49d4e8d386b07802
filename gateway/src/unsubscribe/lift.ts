// What an unsubscribe link may switch back on. A link is a bearer token that a forwarded email,
// a mail scanner or anyone who can mint links also holds, so it may lift only what a link made
// for its own list, after its own email was sent. Everything else needs the privacy team.
import type { UnsubscribeClaims } from '@candor/mail-links';
import { ALL_LISTS, isLinkSource, type Suppression } from '../store/records.ts';

/** What a link is, as far as lifting goes: its list and when it was issued (from its token). */
export type LinkAuthority = Pick<UnsubscribeClaims, 'list' | 'issuedAt'>;

/** A sender's clock may run ahead of ours by this much; the token check allows as much. */
export const LINK_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Why a link may not lift a row:
 * - `not-link`: a privacy request (an objection, an erasure), the privacy team or the sender's
 *   system (a bounce, a complaint) made it;
 * - `other-link`: a link for another list made it;
 * - `before-link`: it is older than the link, so the link was not what the address left with (a
 *   link minted afterwards, by anyone with an `unsubscribe:write` key, must lift nothing).
 */
export type LockReason = 'not-link' | 'other-link' | 'before-link';

export interface Lock {
  reason: LockReason;
  /** The row that holds the list off. */
  row: Suppression;
}

/** Why `link` may not lift `row`, or undefined when it may. */
export function lockOf(row: Suppression, link: LinkAuthority): Lock | undefined {
  if (!isLinkSource(row.source)) return { reason: 'not-link', row };
  // A row from before the link's list was recorded counts as made by a link for its own list.
  const madeBy = row.linkList ?? (row.list === ALL_LISTS ? undefined : row.list);
  if (row.list !== link.list && madeBy !== link.list) return { reason: 'other-link', row };
  if (row.createdAt.getTime() < link.issuedAt.getTime() - LINK_CLOCK_SKEW_MS) return { reason: 'before-link', row };
  return undefined;
}

const WEIGHT: Record<LockReason, number> = { 'not-link': 3, 'other-link': 2, 'before-link': 1 };

/** The strongest lock among rows (undefined when every one may be lifted). */
export function strongestLock(rows: readonly Suppression[], link: LinkAuthority): Lock | undefined {
  let strongest: Lock | undefined;
  for (const row of rows) {
    const lock = lockOf(row, link);
    if (lock && (!strongest || WEIGHT[lock.reason] > WEIGHT[strongest.reason])) strongest = lock;
  }
  return strongest;
}

/** The rows that hold `list` off: its own and the all-lists one, under any pepper. */
export function rowsCovering(entries: readonly Suppression[], list: string): Suppression[] {
  return entries.filter((row) => row.list === list || row.list === ALL_LISTS);
}

/** Why `link` cannot switch `list` back on, or undefined when it can (or the list is on). */
export function listLock(entries: readonly Suppression[], list: string, link: LinkAuthority): Lock | undefined {
  return strongestLock(rowsCovering(entries, list), link);
}

/** Whether `link` may lift every row of `rowList` (a list id or `*`). */
export function mayLift(entries: readonly Suppression[], rowList: string, link: LinkAuthority): boolean {
  return (
    strongestLock(
      entries.filter((row) => row.list === rowList),
      link,
    ) === undefined
  );
}
