import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv, Principal } from '../context.ts';
import type { Role } from '../store/records.ts';
import { ADMIN_CSS_PATH } from './style.ts';

/** The name of the hidden field that carries the session's CSRF token in every admin form. */
export const CSRF_FIELD = '_csrf';

export interface Section {
  href: string;
  label: string;
  /** Roles besides admin that may open it. */
  roles: readonly Role[];
  summary: string;
}

/** What the admin offers, by role. The home page and the navigation are built from it. */
export const SECTIONS: readonly Section[] = [
  {
    href: '/admin/reports',
    label: 'Reports',
    roles: ['marketer'],
    summary:
      'Visitors, visits, pages, sources, countries and devices over any period, compared with the one before, goal conversions and consent choices, with CSV downloads.',
  },
  {
    href: '/admin/goals',
    label: 'Goals',
    roles: ['marketer'],
    summary: 'Pages or custom events that count as a conversion on the reports.',
  },
  {
    href: '/admin/requests',
    label: 'Requests',
    roles: ['privacy'],
    summary:
      'GDPR and CCPA privacy requests by urgency: the timeline, connected systems’ reports, extending, completing or rejecting, and emailing the requester.',
  },
  {
    href: '/admin/suppressions',
    label: 'Suppressions',
    roles: ['privacy'],
    summary: 'Who gets no more marketing email: look up or add an address, export, and webhook deliveries.',
  },
  {
    href: '/admin/inventory',
    label: 'Data inventory',
    roles: ['privacy'],
    summary:
      'Every table Candor keeps: what it holds, whether it is personal, how long it is kept, and what retention removed.',
  },
  { href: '/admin/users', label: 'Users', roles: [], summary: 'Staff accounts, their roles, and disabling them.' },
  {
    href: '/admin/api-keys',
    label: 'API keys',
    roles: [],
    summary: 'Keys for the email sender and scripts: create, scope and revoke.',
  },
  { href: '/admin/login-log', label: 'Login log', roles: [], summary: 'Every sign-in attempt and sign-out.' },
  { href: '/admin/audit', label: 'Audit log', roles: [], summary: 'Who changed what, and when.' },
  {
    href: '/admin/jobs',
    label: 'Jobs',
    roles: [],
    summary: 'The periodic jobs: last run, result, next run; run one now.',
  },
];

export function sectionsFor(role: Role): Section[] {
  return SECTIONS.filter((s) => role === 'admin' || s.roles.includes(role));
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  marketer: 'Marketer',
  privacy: 'Privacy officer',
};

interface LayoutProps {
  title: string;
  /** The signed-in user, for the navigation and the sign-out button. */
  user?: Extract<Principal, { kind: 'user' }> | undefined;
  csrf?: string | undefined;
  current?: string;
  children?: Child;
}

export function Layout({ title, user, csrf, current, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · Candor admin`}</title>
        <link rel="stylesheet" href={ADMIN_CSS_PATH} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/admin">
            Candor admin
          </a>
          {user && (
            <nav aria-label="Admin sections">
              <ul>
                {sectionsFor(user.role).map((s) => (
                  <li>
                    <a href={s.href} aria-current={s.href === current ? 'page' : undefined}>
                      {s.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {user && csrf && (
            <form class="signout" method="post" action="/admin/logout">
              <input type="hidden" name={CSRF_FIELD} value={csrf} />
              <span>
                {user.email} · {ROLE_LABELS[user.role]}
              </span>
              <a href="/admin/account" aria-current={current === '/admin/account' ? 'page' : undefined}>
                Your account
              </a>
              <button type="submit" class="secondary">
                Sign out
              </button>
            </form>
          )}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** The layout props for the signed-in user of this request (set by requireAuth). */
export function chrome(c: Context<AppEnv>, current?: string) {
  const principal = c.get('principal');
  return {
    user: principal?.kind === 'user' ? principal : undefined,
    csrf: c.get('csrfToken'),
    current,
  };
}

/** The signed-in staff user of a route behind `requireAuth()`; anything else is a programming error. */
export function staffUser(c: Context<AppEnv>) {
  const principal = c.get('principal');
  if (principal?.kind !== 'user') throw new Error('requireAuth admits only users here');
  return principal;
}

/** A page's status notice and error alert, announced to screen readers; nothing when empty. */
export function Messages({ notice, error }: { notice?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

export function CsrfField({ c }: { c: Context<AppEnv> }) {
  return <input type="hidden" name={CSRF_FIELD} value={c.get('csrfToken') ?? ''} />;
}

/** Renders a page as HTML5. Admin headers (CSP, no-store) are added by the admin middleware. */
export async function render(
  c: Context<AppEnv>,
  page: string | Promise<string>,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  return c.html(`<!doctype html>${await page}`, status);
}

export function formatTime(d: Date | null): string {
  return d === null ? '—' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
