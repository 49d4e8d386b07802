import type { CandorConfig, MailingList } from '@candor/config';
import type { Child } from 'hono/jsx';
import { fnv1a } from '../admin/style.ts';
import { PublicPage } from '../public-page.tsx';
import { ALL_LISTS } from '../store/records.ts';

// The email preference pages, served by the gateway under /u/. A plain, self-contained page: one
// same-origin stylesheet, no script, no third-party request, readable on a phone.
export const PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b5c63;--ok:#1a7f37;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f6f8fa;line-height:1.5}
body{margin:0}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid var(--line);border-radius:12px}
.brand{margin:0 0 1rem;color:var(--muted);font-size:.95rem}
h1{font-size:1.5rem;margin:0 0 .75rem}
h2{font-size:1.1rem;margin:1.75rem 0 .5rem}
p{margin:.5rem 0}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
form{margin:.75rem 0}
button{font:inherit;width:100%;padding:.7rem 1rem;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
fieldset{border:1px solid var(--line);border-radius:8px;padding:.5rem 1rem;margin:0 0 .75rem}
legend{font-weight:600;padding:0 .25rem}
label{display:flex;gap:.6rem;align-items:flex-start;padding:.4rem 0}
input[type=checkbox]{width:1.2rem;height:1.2rem;margin-top:.2rem;flex:none}
.hint{display:block;color:var(--muted);font-size:.9rem}
.notice{border-left:4px solid var(--ok);background:#eef8f0;padding:.75rem 1rem;margin:0 0 1rem}
.muted{color:var(--muted);font-size:.92rem}
@media (max-width:36rem){main{margin:0;border:0;border-radius:0}}
`;

export const PAGE_CSS_PATH = `/u/assets/page.${fnv1a(PAGE_CSS)}.css`;

function Page({ config, title, children }: { config: CandorConfig; title: string; children?: Child }) {
  return (
    <PublicPage config={config} title={title} section="email preferences" stylesheet={PAGE_CSS_PATH}>
      {children}
    </PublicPage>
  );
}

function RightsLink() {
  return (
    <p class="muted">
      This page only manages email. To see, correct or erase the data we hold about you, make a{' '}
      <a href="/privacy/requests">privacy request</a>.
    </p>
  );
}

export interface PreferencesProps {
  config: CandorConfig;
  token: string;
  /** The list the link was sent for. */
  list: MailingList;
  maskedEmail: string;
  /** Suppression rows of the address, by list id (`*` for all). */
  rows: ReadonlySet<string>;
}

/** What `GET /u/:token` shows. It only offers choices; nothing changes until a form is posted. */
export function PreferencesPage({ config, token, list, maskedEmail, rows }: PreferencesProps) {
  const action = `/u/${token}`;
  const all = rows.has(ALL_LISTS);
  const off = all || rows.has(list.id);
  return (
    <Page config={config} title={`Unsubscribe from ${list.name}`}>
      <h1>Unsubscribe from {list.name}</h1>
      <p>
        For <strong>{maskedEmail}</strong>.{' '}
        {all
          ? 'You are unsubscribed from all our marketing email.'
          : off
            ? `You are already unsubscribed from ${list.name}.`
            : `You get ${list.name}: ${list.description}`}
      </p>
      <form method="post" action={action}>
        <input type="hidden" name="action" value="list" />
        <button type="submit">Unsubscribe from {list.name}</button>
      </form>
      <form method="post" action={action}>
        <input type="hidden" name="action" value="all" />
        <button type="submit" class="secondary">
          Unsubscribe from all marketing email
        </button>
      </form>

      <h2 id="choose">Or choose what you get</h2>
      <form method="post" action={action} aria-labelledby="choose">
        <input type="hidden" name="action" value="preferences" />
        <fieldset>
          <legend>Email from {config.company.name}</legend>
          {config.mailingLists.map((l) => (
            <label>
              <input type="checkbox" name="subscribed" value={l.id} checked={!all && !rows.has(l.id)} />
              <span>
                {l.name}
                <span class="hint">{l.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" class="secondary">
          Save my choices
        </button>
      </form>
      <RightsLink />
    </Page>
  );
}

export interface DoneProps {
  config: CandorConfig;
  token: string;
  /** What happened, in one sentence. */
  message: string;
  /** Configured lists the address now gets no mail from. */
  offLists: readonly MailingList[];
  /** Suppression rows before this change: the Undo form posts them back. */
  previous: ReadonlySet<string>;
  /** Lists the visitor asked back that this link may not resubscribe. */
  kept?: readonly MailingList[];
}

/** After a change: what is now off, an Undo that restores the previous rows, and the rights link. */
export function DonePage({ config, token, message, offLists, previous, kept = [] }: DoneProps) {
  const action = `/u/${token}`;
  return (
    <Page config={config} title="Your email preferences are saved">
      <h1>Done</h1>
      <p class="notice" role="status">
        {message}
      </p>
      {offLists.length > 0 && <p>You get no more: {offLists.map((l) => l.name).join(', ')}.</p>}
      {kept.length > 0 && (
        <p>
          {kept.map((l) => l.name).join(', ')} stays off: to get it again, use the unsubscribe link in an email from
          that list.
        </p>
      )}
      <form method="post" action={action}>
        <input type="hidden" name="action" value="restore" />
        {[...previous].map((l) => (
          <input type="hidden" name="was" value={l} />
        ))}
        <button type="submit" class="secondary">
          Undo
        </button>
      </form>
      <p>
        <a href={action}>Change your choices</a>
      </p>
      <RightsLink />
    </Page>
  );
}

/** A token that is malformed, forged, expired or for a list that no longer exists: one page for all. */
export function InvalidLinkPage({ config }: { config: CandorConfig }) {
  return (
    <Page config={config} title="This link does not work">
      <h1>This link does not work</h1>
      <p>
        It may be incomplete, or too old. Use the unsubscribe link in a recent email from us, or write to{' '}
        <a href={`mailto:${config.company.privacyContact}`}>{config.company.privacyContact}</a> and we will unsubscribe
        you.
      </p>
      <RightsLink />
    </Page>
  );
}

/** A POST that is neither RFC 8058 one-click nor one of the page's forms. */
export function BadFormPage({ config, token }: { config: CandorConfig; token: string }) {
  return (
    <Page config={config} title="Nothing was changed">
      <h1>Nothing was changed</h1>
      <p>
        The form was incomplete. <a href={`/u/${token}`}>Open your email choices again</a>.
      </p>
    </Page>
  );
}
