import type { CandorConfig, MailingList } from '@candor/config';
import type { UnsubscribeClaims } from '@candor/mail-links';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.ts';
import { publicPageHeaders } from '../public-page.tsx';
import { readFormFields } from '../request.ts';
import { ALL_LISTS } from '../store/records.ts';
import { BadFormPage, DonePage, InvalidLinkPage, PAGE_CSS, PAGE_CSS_PATH, PreferencesPage } from './pages.tsx';
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
 * needed, and never a redirect. Repeating a POST changes nothing more.
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

  app.get('/u/:token', async (c) => {
    const claims = await unsubscribe.open(c.req.param('token'));
    if (!claims) return invalid(c);
    const state = await unsubscribe.state(claims.email);
    return html(
      c,
      <PreferencesPage
        config={config}
        token={c.req.param('token')}
        list={lists.get(claims.list) as MailingList}
        maskedEmail={maskEmail(claims.email)}
        rows={state.rows}
      />,
    );
  });

  app.post('/u/:token', deps.rateLimit, async (c) => {
    const token = c.req.param('token');
    const claims = await unsubscribe.open(token);
    if (!claims) return invalid(c);
    const form = await readFormFields(c);
    const list = lists.get(claims.list) as MailingList;

    if (form.get(ONE_CLICK_FIELD)?.[0] === ONE_CLICK_VALUE) {
      const { before } = await unsubscribe.change(claims.email, { add: [claims.list] }, 'one-click');
      return done(c, token, claims, before, `You are unsubscribed from ${list.name}.`);
    }

    const before = await unsubscribe.state(claims.email);
    const plan = planFormChange(form, claims, before, unsubscribe.listIds);
    if (!plan) return html(c, <BadFormPage config={config} token={token} />, 400);
    await unsubscribe.change(claims.email, plan, 'page');
    return done(c, token, claims, before, plan.message(list), listsOf(plan.kept));
  });

  async function done(
    c: Context<AppEnv>,
    token: string,
    claims: UnsubscribeClaims,
    before: SuppressionState,
    message: string,
    kept: MailingList[] = [],
  ) {
    const after = await unsubscribe.state(claims.email);
    return html(
      c,
      <DonePage
        config={config}
        token={token}
        message={message}
        offLists={listsOf(after.lists)}
        previous={before.rows}
        kept={kept}
      />,
    );
  }
}

export interface FormPlan {
  add: string[];
  remove: string[];
  /** Lists asked back that stay off: this link may not resubscribe them. */
  kept: string[];
  message: (list: MailingList) => string;
}

/**
 * What a page form asks for, within what the link may do: any list may be switched off, but only
 * the link's own list and the all-lists switch may be switched back on. Undefined for a form that
 * is not one of the page's.
 */
export function planFormChange(
  form: ReadonlyMap<string, string[]>,
  claims: UnsubscribeClaims,
  before: SuppressionState,
  listIds: readonly string[],
): FormPlan | undefined {
  const mayRemove = (id: string) => id === claims.list || id === ALL_LISTS;
  const action = form.get('action')?.[0];
  if (action === 'list') {
    return { add: [claims.list], remove: [], kept: [], message: (l) => `You are unsubscribed from ${l.name}.` };
  }
  if (action === 'all') {
    return {
      add: [ALL_LISTS],
      remove: [],
      kept: [],
      message: () => 'You are unsubscribed from all our marketing email.',
    };
  }
  if (action === 'preferences') {
    const on = new Set((form.get('subscribed') ?? []).filter((id) => listIds.includes(id)));
    const add = listIds.filter((id) => !on.has(id));
    const wanted = [...on].filter((id) => before.rows.has(id));
    // Asking for the link's own list back also lifts "unsubscribe from all".
    if (on.has(claims.list) && before.rows.has(ALL_LISTS)) wanted.push(ALL_LISTS);
    return {
      add,
      remove: wanted.filter(mayRemove),
      kept: wanted.filter((id) => !mayRemove(id)),
      message: () => 'Your email choices are saved.',
    };
  }
  if (action === 'restore') {
    const was = new Set((form.get('was') ?? []).filter((id) => id === ALL_LISTS || listIds.includes(id)));
    const add = [...was].filter((id) => !before.rows.has(id));
    const extra = [...before.rows].filter((id) => !was.has(id));
    return {
      add,
      remove: extra.filter(mayRemove),
      kept: extra.filter((id) => !mayRemove(id)),
      message: () => 'Undone: your email choices are as they were.',
    };
  }
  return undefined;
}

async function html(c: Context<AppEnv>, page: string | Promise<string>, status: ContentfulStatusCode = 200) {
  return c.html(`<!doctype html>${await page}`, status);
}
