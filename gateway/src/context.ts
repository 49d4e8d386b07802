import type { RequestIdVariables } from 'hono/request-id';

/** The typed Hono context shared by every route and middleware. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    /** Set by the site handler for a file that exists, so the access log may name it. */
    assetPath?: string;
  };
}
