// Helpers for the unsubscribe tests: links made the way a sender makes them, and store lookups.
import { createUnsubscribeLink } from '@candor/mail-links';
import { createApiKey } from '../admin/accounts.ts';
import { accountDeps } from '../admin/fixtures.ts';
import type { AppDeps } from '../app.ts';
import type { Scope } from '../store/records.ts';
import type { LinkKeys } from './keys.ts';

export const EMAIL = 'ann.example@example.com';

/** The token of a link for `email` and `list`, made offline with the test keys (or `keys`). */
export async function tokenFor(deps: AppDeps, list = 'newsletter', email = EMAIL, keys: LinkKeys = deps.links) {
  const link = await createUnsubscribeLink(keys.keyring, { email, list, baseUrl: 'http://localhost' });
  return link.token;
}

/** The one-click POST a mailbox provider sends, urlencoded (RFC 8058 section 3.1). */
export function oneClickUrlencoded(): RequestInit {
  return {
    method: 'POST',
    body: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

/** The same POST as multipart/form-data, which RFC 8058 allows too. */
export function oneClickMultipart(): RequestInit {
  const body = new FormData();
  body.append('List-Unsubscribe', 'One-Click');
  return { method: 'POST', body };
}

/** Every suppression row and change, to assert that nothing moved. */
export async function storeSnapshot(deps: AppDeps) {
  const [rows, changes, outbox, audit] = await Promise.all([
    deps.records.suppressions.list({ limit: 1000 }),
    deps.records.suppressions.changes({ since: 0, limit: 1000 }),
    deps.records.outbox.list({ limit: 1000 }),
    deps.records.audit.list({ limit: 500 }),
  ]);
  return { rows, changes, outbox, audit };
}

/** The list column of every suppression row (optionally only `list`), sorted. */
export async function suppressedLists(deps: AppDeps, list?: string): Promise<string[]> {
  const rows = await deps.records.suppressions.list({ limit: 1000 });
  return rows
    .map((r) => r.list)
    .filter((l) => list === undefined || l === list)
    .sort();
}

export async function apiKey(deps: AppDeps, scopes: Scope[]): Promise<Record<string, string>> {
  const { key } = await createApiKey(accountDeps(deps), { name: 'sender', scopes }, 'cli');
  return { authorization: `Bearer ${key}` };
}

/** The page's form, posted as the browser would (fields in order, repeats allowed). */
export function postPage(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  token: string,
  fields: [string, string][],
) {
  return app.request(`/u/${token}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}
