import type { CandorConfig, MailingList } from '@candor/config';
import type { UnsubscribeClaims } from '@candor/mail-links';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.ts';
import { publicPageHeaders } from '../public-page.tsx';
import { readFormFields } from '../request.ts';
import { ALL_LISTS } from '../store/records.ts';
import { listLock, strongestLock } from './lift.ts';
import {
  BadFormPage,
  DonePage,
  InvalidLinkPage,
  type KeptList,
  PAGE_CSS,
  PAGE_CSS_PATH,
  PreferencesPage,
} from './pages.tsx';
import { type FormAction, planFormChange } from './plan.ts';
import { maskEmail, type SuppressionState, type Unsubscribe } from './service.ts';

export interface UnsubscribePageDeps {
  config: CandorConfig;
  unsubscribe: Unsubscribe;
  /** Per-client cap on POSTs (keyed by a salted hash of the client address). */
  rateLimit: MiddlewareHandler;
}

/** The RFC 8058 body a mailbox provider posts: `List-Unsubscribe=One-Click`. */
const ONE_CLICK_FIELD = 'List-Unsubscribe';
const ONE_CLICK_VALUE = 'One-Click';

/**
 * `GET`/`HEAD /u/:token`: the confirmation page and preference centre. It only reads: link
 * scanners fetch these URLs, and a fetch must never unsubscribe anyone.
 *
 * `POST /u/:token`: RFC 8058 one-click (`List-Unsubscribe=One-Click`, urlencoded or multipart)
 * or one of the page's forms. The token is the authority: no cookie, no CSRF token, no Origin
 * needed, and never a redirect. Repeating a POST changes nothing more. The token may switch
 * anything off, but back on only what `lift.ts` lets it lift; the done page says what stayed off.
 */
export function registerUnsubscribePages(app: Hono<AppEnv>, deps: UnsubscribePageDeps) {
  const { config, unsubscribe } = deps;
  const lists = new Map(config.mailingLists.map((l) => [l.id, l]));
  const listsOf = (ids: Iterable<string>) => [...ids].flatMap((id) => lists.get(id) ?? []);

  app.use('/u/*', publicPageHeaders);
  app.get(PAGE_CSS_PATH, (c) =>
    c.body(PAGE_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );

  const invalid = (c: Context<AppEnv>) => html(c, <InvalidLinkPage config={config} />, 400);
  const names = (ids: readonly string[]) => inWords(listsOf(ids).map((l) => l.name));

  app.get('/u/:token', async (c) => {
    const claims = await unsubscribe.open(c.req.param('token'));
    if (!claims) return invalid(c);
    return html(
      c,
      <PreferencesPage
        config={config}
        token={c.req.param('token')}
        list={lists.get(claims.list) as MailingList}
        link={claims}
        maskedEmail={maskEmail(claims.email)}
        state={await unsubscribe.state(claims.email)}
      />,
    );
  });

  app.post('/u/:token', deps.rateLimit, async (c) => {
    const token = c.req.param('token');
    const claims = await unsubscribe.open(token);
    if (!claims) return invalid(c);
    const form = await readFormFields(c);

    if (form.get(ONE_CLICK_FIELD)?.[0] === ONE_CLICK_VALUE) {
      const { before } = await unsubscribe.change(claims.email, { add: [claims.list] }, 'one-click', claims);
      return done(c, token, claims, 'one-click', before, []);
    }

    const before = await unsubscribe.state(claims.email);
    const plan = planFormChange(form, claims, before, unsubscribe.listIds);
    if (!plan) return html(c, <BadFormPage config={config} token={token} />, 400);
    const { refused } = await unsubscribe.change(claims.email, plan, 'page', claims);
    return done(c, token, claims, plan.action, before, [...new Set([...plan.kept, ...refused])]);
  });

  async function done(
    c: Context<AppEnv>,
    token: string,
    claims: UnsubscribeClaims,
    action: FormAction | 'one-click',
    before: SuppressionState,
    keptIds: readonly string[],
  ) {
    const after = await unsubscribe.state(claims.email);
    const list = lists.get(claims.list) as MailingList;
    const kept = keptIds.flatMap((id): KeptList[] => {
      const lock =
        id === ALL_LISTS
          ? strongestLock(
              after.entries.filter((row) => row.list === ALL_LISTS),
              claims,
            )
          : listLock(after.entries, id, claims);
      const name = id === ALL_LISTS ? 'All marketing email' : lists.get(id)?.name;
      return lock && name ? [{ name, lock }] : [];
    });
    return html(
      c,
      <DonePage
        config={config}
        token={token}
        message={outcome(action, list, before, after, names)}
        offLists={listsOf(after.lists)}
        onLists={config.mailingLists.filter((l) => !after.lists.includes(l.id))}
        previous={before.rows}
        kept={kept}
      />,
    );
  }
}

/** The done page's first sentence: what this POST did, in the visitor's terms. */
function outcome(
  action: FormAction | 'one-click',
  list: MailingList,
  before: SuppressionState,
  after: SuppressionState,
  names: (ids: readonly string[]) => string,
): string {
  switch (action) {
    case 'one-click':
    case 'list':
      return `You are unsubscribed from ${list.name}.`;
    case 'all':
      return 'You are unsubscribed from all our marketing email.';
    case 'resubscribe':
      return after.lists.includes(list.id)
        ? `Nothing was changed: ${list.name} stays off.`
        : `You get ${list.name} again.`;
    case 'preferences':
      return 'Your email choices are saved.';
    case 'restore': {
      // Say what the Undo did, not "as they were": an Undo of an Undo switches things off again.
      const on = before.lists.filter((id) => !after.lists.includes(id));
      const off = after.lists.filter((id) => !before.lists.includes(id));
      const parts: string[] = [];
      if (after.all && !before.all) parts.push('you are unsubscribed from all our marketing email again');
      else if (off.length > 0) parts.push(`you are unsubscribed from ${names(off)} again`);
      if (on.length > 0) parts.push(`you get ${names(on)} again`);
      if (parts.length > 0) return `Undone: ${parts.join('; ')}.`;
      const same = before.rows.size === after.rows.size && [...before.rows].every((id) => after.rows.has(id));
      return same ? 'Nothing was undone: your choices are as shown below.' : 'Undone.';
    }
  }
}

/** `a`, `a and b`, `a, b and c`. */
function inWords(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

async function html(c: Context<AppEnv>, page: string | Promise<string>, status: ContentfulStatusCode = 200) {
  return c.html(`<!doctype html>${await page}`, status);
}
