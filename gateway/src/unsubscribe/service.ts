import type { CandorConfig, WebhookEvent } from '@candor/config';
import {
  createUnsubscribeLink,
  type Keyring,
  normaliseEmail,
  type UnsubscribeClaims,
  type UnsubscribeLink,
  verifyUnsubscribeToken,
} from '@candor/mail-links';
import { ApiError } from '../errors.ts';
import {
  ALL_LISTS,
  isLinkSource,
  type NewOutboxMessage,
  type RecordStore,
  type Suppression,
  type SuppressionSource,
  type SuppressionWrite,
} from '../store/records.ts';
import { type LinkAuthority, mayLift } from './lift.ts';

export interface UnsubscribeDeps {
  config: CandorConfig;
  records: RecordStore;
  /** Link keys from `CANDOR_SECRET` (first) and `CANDOR_PREVIOUS_SECRETS`. */
  keyring: Keyring;
  /**
   * HMAC keys for email hashes, from the same secrets in the same order: new suppressions use the
   * first, lookups try all, so rotating the secret loses no suppression.
   */
  peppers: readonly CryptoKey[];
  now: () => number;
  /** Told when a change wrote webhooks to the outbox, so they go out within seconds. */
  onOutbox?: () => void;
}

/** What one address is suppressed for: configured list ids and `*` (every list). */
export interface SuppressionState {
  /** The suppression rows of this address, by list (`*` included). */
  rows: Set<string>;
  /** Every configured list this address gets no mail from (directly or through `*`). */
  lists: string[];
  /** Suppressed for every list, now and future. */
  all: boolean;
  /** The rows themselves, under every pepper: who made each decides what a link may lift. */
  entries: readonly Suppression[];
}

export interface ChangeResult {
  added: string[];
  removed: string[];
  /** Rows asked to be removed that stay: the link may not lift them. */
  refused: string[];
  /** The address's state just before the change (what an Undo restores). */
  before: SuppressionState;
}

const encoder = new TextEncoder();

/**
 * Unsubscribe links, the suppression list and its webhooks, framework-free. Emails are
 * normalised, then only their keyed HMAC reaches the store; the plaintext goes into the outbox
 * only when a webhook target must be told, and the outbox drops it once delivered.
 */
export function createUnsubscribe(deps: UnsubscribeDeps) {
  const { config, records, keyring, peppers } = deps;
  const listIds = config.mailingLists.map((l) => l.id);
  if (peppers.length === 0) throw new Error('createUnsubscribe needs at least one pepper key');

  async function hashesOf(email: string): Promise<string[]> {
    return Promise.all(peppers.map((key) => hmacHex(key, email)));
  }

  async function stateOf(email: string) {
    const hashes = await hashesOf(email);
    const found: Suppression[] = await records.suppressions.ofHashes(hashes);
    const rows = new Set(found.map((s) => s.list));
    const all = rows.has(ALL_LISTS);
    const state: SuppressionState = {
      rows,
      all,
      lists: listIds.filter((id) => all || rows.has(id)),
      entries: found,
    };
    return { state, found, current: hashes[0] as string };
  }

  function outboxFor(type: WebhookEvent, email: string, list: string, source: SuppressionSource, at: Date) {
    const eventId = crypto.randomUUID();
    return config.webhooks
      .filter((w) => w.events.includes(type))
      .map((w): NewOutboxMessage => ({ eventId, type, target: w.id, email, list, source, occurredAt: at }));
  }

  return {
    listIds,

    /** Normalises an email or answers undefined for one that is not a plausible address. */
    normalise(email: string): string | undefined {
      return normaliseEmail(email);
    },

    /** The link and headers for one email and list; a 400 problem for bad input. */
    async link(email: string, list: string, baseUrl: string): Promise<UnsubscribeLink> {
      const address = normaliseEmail(email);
      if (address === undefined) throw new ApiError('validation_failed', 'email: is not a valid email address');
      if (!listIds.includes(list)) {
        throw new ApiError('validation_failed', `list: "${list}" is not a mailing list of this config`);
      }
      return createUnsubscribeLink(keyring, {
        email: address,
        list,
        baseUrl,
        issuedAt: new Date(deps.now()),
        ...(config.unsubscribe.mailto ? { mailto: config.unsubscribe.mailto } : {}),
      });
    },

    /** The claims of a valid token for a configured list, else undefined (never says why). */
    async open(token: string): Promise<UnsubscribeClaims | undefined> {
      const result = await verifyUnsubscribeToken(keyring, token, { now: new Date(deps.now()) });
      if (!result.ok || !listIds.includes(result.claims.list)) return undefined;
      return result.claims;
    },

    async state(email: string): Promise<SuppressionState> {
      return (await stateOf(email)).state;
    },

    /**
     * Adds and removes suppression rows (`add`/`remove` hold list ids or `*`), in one transaction
     * each, with a webhook per change and target. Rows that already are as asked are left alone,
     * so repeating a change changes nothing. A removal deletes the row under every pepper.
     *
     * A link source (`one-click`, `page`) acts for `link`, the token it came with: its adds record
     * the link's list, and it removes only rows that `link` may lift (`lift.ts`); the rest are
     * `refused`. Any other source may remove any row: its caller is the audited path.
     */
    async change(
      email: string,
      wanted: { add?: readonly string[]; remove?: readonly string[] },
      source: SuppressionSource,
      link?: LinkAuthority,
    ): Promise<ChangeResult> {
      const at = new Date(deps.now());
      const { state, found, current } = await stateOf(email);
      const adds: SuppressionWrite[] = [];
      for (const list of new Set(wanted.add ?? [])) {
        if (!state.rows.has(list)) {
          adds.push({
            emailHash: current,
            list,
            source,
            ...(link && isLinkSource(source) ? { linkList: link.list } : {}),
            at,
            outbox: outboxFor('unsubscribe.created', email, list, source, at),
          });
        } else if (!isLinkSource(source)) {
          // Already suppressed through a link: this source takes each such row over (whichever
          // pepper it is stored under), so no link can lift it. Not new: no change row, no webhook.
          for (const row of found.filter((r) => r.list === list && isLinkSource(r.source))) {
            adds.push({ emailHash: row.emailHash, list, source, at, outbox: [] });
          }
        }
      }
      const asked = [...new Set((wanted.remove ?? []).filter((list) => state.rows.has(list)))];
      const allowed = (list: string) => !isLinkSource(source) || (link !== undefined && mayLift(found, list, link));
      const removeLists = asked.filter(allowed);
      const removes: SuppressionWrite[] = [];
      for (const list of removeLists) {
        const rows = found.filter((s) => s.list === list);
        rows.forEach((row, i) => {
          removes.push({
            emailHash: row.emailHash,
            list,
            source,
            at,
            // One webhook per list, however many peppers the address was stored under.
            outbox: i === 0 ? outboxFor('unsubscribe.deleted', email, list, source, at) : [],
          });
        });
      }
      const added = adds.length ? await records.suppressions.add(adds) : [];
      const removed = removes.length ? await records.suppressions.remove(removes) : [];
      if ([...adds, ...removes].some((w) => w.outbox.length > 0)) deps.onOutbox?.();
      return {
        added: adds.filter((_, i) => added[i]).map((w) => w.list),
        removed: [...new Set(removes.filter((_, i) => removed[i]).map((w) => w.list))],
        refused: asked.filter((list) => !allowed(list)),
        before: state,
      };
    },

    /** The hash stored for an email today, for the admin search and the check endpoint. */
    hashesOf,
  };
}

export type Unsubscribe = ReturnType<typeof createUnsubscribe>;

/** HMAC-SHA-256 of the normalised email, as hex. */
async function hmacHex(key: CryptoKey, email: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(email)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `ann@example.com` → `a••@example.com`: enough for the owner to recognise, little for anyone else. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  return `${local.slice(0, 1)}${'•'.repeat(Math.min(6, Math.max(2, local.length - 1)))}${email.slice(at)}`;
}
