import type { Context } from 'hono';
import type { AppEnv } from '../context.ts';
import { chrome, Layout, render } from './layout.tsx';

/** 403 page: signed in, but not allowed (or a form that failed the CSRF check). */
export function forbiddenPage(c: Context<AppEnv>, detail: string): Promise<Response> {
  return render(
    c,
    <Layout title="Not allowed" {...chrome(c)}>
      <p>{detail}</p>
      <p>
        <a href="/admin">Back to the admin home</a>
      </p>
    </Layout>,
    403,
  );
}

export function notFoundPage(c: Context<AppEnv>): Promise<Response> {
  return render(
    c,
    <Layout title="Page not found" {...chrome(c)}>
      <p>There is no admin page at this address.</p>
      <p>
        <a href="/admin">Back to the admin home</a>
      </p>
    </Layout>,
    404,
  );
}
