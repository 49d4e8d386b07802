import type { RequestIdVariables } from 'hono/request-id';
import type { Auth } from './admin/auth.ts';
import type { Role, Scope } from './store/records.ts';

/** Who is making the request, once `requireAuth` has let it through. */
export type Principal =
  | { kind: 'user'; id: string; role: Role; email: string }
  | { kind: 'apikey'; id: string; scopes: Scope[] };

/** The typed Hono context shared by every route and middleware. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    /** Set by the site handler for a file that exists, so the access log may name it. */
    assetPath?: string;
    /** Sessions, API keys and CSRF tokens; set on every request by `createApp`. */
    auth?: Auth;
    /** Set by `requireAuth`. */
    principal?: Principal;
    /** The signed-in session's CSRF token, for the `_csrf` field of admin forms; set by `requireAuth`. */
    csrfToken?: string;
  };
}
