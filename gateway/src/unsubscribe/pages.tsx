import type { CandorConfig, MailingList } from '@candor/config';
import type { Child } from 'hono/jsx';
import { fnv1a } from '../admin/style.ts';
import { PublicPage } from '../public-page.tsx';
import { ALL_LISTS } from '../store/records.ts';
import { type LinkAuthority, type Lock, listLock } from './lift.ts';
import type { SuppressionState } from './service.ts';

// The email preference pages, served by the gateway under /u/. A plain, self-contained page: one
// same-origin stylesheet, no script, no third-party request, readable on a phone.
export const PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b5c63;--ok:#1a7f37;--bad:#b42318;
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
.locked{color:var(--muted);font-weight:600}
input:disabled+span{color:var(--muted)}
.notice{border-left:4px solid var(--ok);background:#eef8f0;padding:.75rem 1rem;margin:0 0 1rem}
.alert{border-left:4px solid var(--bad);background:#fdf0f0;padding:.75rem 1rem;margin:0 0 1rem}
input[type=text]{display:block;width:100%;font:inherit;padding:.6rem .75rem;margin:.25rem 0 .75rem;border:1px solid var(--muted);border-radius:8px;letter-spacing:.08em}
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
  /** The link itself: what it may switch back on (`lift.ts`). */
  link: LinkAuthority;
  maskedEmail: string;
  /** The address's suppressions. */
  state: SuppressionState;
}

/**
 * What `GET /u/:token` shows. It only offers choices; nothing changes until a form is posted. The
 * heading says where the address stands; a list this link may not switch back on is shown locked,
 * with why and what to do instead.
 */
export function PreferencesPage({ config, token, list, link, maskedEmail, state }: PreferencesProps) {
  const action = `/u/${token}`;
  const off = state.lists.includes(list.id);
  const lock = off ? listLock(state.entries, list.id, link) : undefined;
  const boxes = config.mailingLists.map((l) => {
    const listOff = state.lists.includes(l.id);
    return { l, listOff, locked: listOff ? listLock(state.entries, l.id, link) : undefined };
  });
  const heading = state.all
    ? 'You are unsubscribed from all our marketing email'
    : off
      ? `You are unsubscribed from ${list.name}`
      : `Unsubscribe from ${list.name}`;
  return (
    <Page config={config} title={heading}>
      <h1>{heading}</h1>
      <p>
        For <strong>{maskedEmail}</strong>.{' '}
        {state.all
          ? 'You get none of our marketing email.'
          : off
            ? `You get no more ${list.name} email.`
            : `You get ${list.name}: ${list.description}`}
      </p>
      {lock && <p>{lockText(config, lock)}</p>}
      {!off && (
        <form method="post" action={action}>
          <input type="hidden" name="action" value="list" />
          <button type="submit">Unsubscribe from {list.name}</button>
        </form>
      )}
      {off && !lock && (
        <form method="post" action={action}>
          <input type="hidden" name="action" value="resubscribe" />
          <button type="submit">Resubscribe to {list.name}</button>
        </form>
      )}
      {!state.all && (
        <form method="post" action={action}>
          <input type="hidden" name="action" value="all" />
          <button type="submit" class="secondary">
            Unsubscribe from all marketing email
          </button>
        </form>
      )}

      <h2 id="choose">{!off || !lock || !state.all ? 'Or choose what you get' : 'Choose what you get'}</h2>
      <form method="post" action={action} aria-labelledby="choose">
        <input type="hidden" name="action" value="preferences" />
        <fieldset>
          <legend>Email from {config.company.name}</legend>
          {boxes.map(({ l, listOff, locked }) => {
            // The lock the page explains above is not spelled out again beside each list.
            const hint = !locked ? l.description : locked.row === lock?.row ? 'See above.' : lockText(config, locked);
            return (
              <label>
                <input
                  type="checkbox"
                  name="subscribed"
                  value={l.id}
                  checked={!listOff}
                  disabled={locked !== undefined}
                />
                <span>
                  {l.name}
                  {locked && <span class="locked"> (stays off)</span>}
                  <span class="hint">{hint}</span>
                </span>
              </label>
            );
          })}
        </fieldset>
        {boxes.some((b) => !b.locked) && (
          <button type="submit" class="secondary">
            Save my choices
          </button>
        )}
      </form>
      <RightsLink />
    </Page>
  );
}

/** A list asked back on that stays off, and why. */
export interface KeptList {
  name: string;
  lock: Lock;
}

export interface DoneProps {
  config: CandorConfig;
  token: string;
  /** What happened, in one sentence. */
  message: string;
  /** Configured lists the address now gets no mail from. */
  offLists: readonly MailingList[];
  /** Configured lists the address gets. */
  onLists: readonly MailingList[];
  /** Suppression rows before this change: the Undo form posts them back. */
  previous: ReadonlySet<string>;
  /** What the visitor asked back that this link may not switch on. */
  kept?: readonly KeptList[];
}

/** After a change: what is now on and off, an Undo that restores the previous rows, and the rights link. */
export function DonePage({ config, token, message, offLists, onLists, previous, kept = [] }: DoneProps) {
  const action = `/u/${token}`;
  return (
    <Page config={config} title="Your email preferences are saved">
      <h1>Done</h1>
      <p class="notice" role="status">
        {message}
      </p>
      {onLists.length > 0 && <p>You get: {onLists.map((l) => l.name).join(', ')}.</p>}
      {offLists.length > 0 && <p>You get no more: {offLists.map((l) => l.name).join(', ')}.</p>}
      {kept.map((k) => (
        <p>
          {k.name} stays off. {lockText(config, k.lock)}
        </p>
      ))}
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

/**
 * Why a link cannot switch something back on, and what works instead. It does not say which of a
 * privacy request, the privacy team or the sender's system made a row: whoever holds a forwarded
 * link would learn that the address made a privacy request.
 */
export function lockText(config: CandorConfig, { reason, row }: Lock): string {
  const contact = config.company.privacyContact;
  const nameOf = (id: string) => config.mailingLists.find((l) => l.id === id)?.name ?? id;
  if (reason === 'not-link') {
    return (
      'It was switched off by a privacy request, by our privacy team or by our email system, not through an ' +
      `unsubscribe link, so no link can switch it back on. To get it again, write to ${contact}.`
    );
  }
  if (reason === 'other-link') {
    if (row.list !== ALL_LISTS) {
      return `It was switched off through the link in another of our emails. To get it again, use the unsubscribe link in an email from ${nameOf(row.list)}.`;
    }
    const from = row.linkList ? `an email from ${nameOf(row.linkList)}` : 'the email you unsubscribed from';
    return `You unsubscribed from all our marketing email through the link in another of our emails. To undo that, use the unsubscribe link in ${from}.`;
  }
  return (
    'It was switched off before this email was sent, so this link cannot switch it back on. Use the link in the ' +
    `email you unsubscribed from, or write to ${contact}.`
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
