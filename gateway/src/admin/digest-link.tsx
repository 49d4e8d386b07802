// The "stop this digest" link in every weekly digest: it works without signing in, like an
// unsubscribe link. `/admin/digest-off/<token>` shows a button and changes nothing (mail scanners
// fetch links); its POST turns the digest off. The token is `<user id>.<HMAC of the purpose and
// the id>` under a key derived from the master secret for this alone, so it cannot be forged or
// used for anything else. It does not expire: an old digest's link still stops the digest, also
// after a secret rotation (the keys of CANDOR_PREVIOUS_SECRETS are tried too).
import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { setDigest } from './accounts.ts';
import { constantTimeEqual, hmac } from './crypto.ts';
import { isCrossSite } from './csrf.ts';
import { Layout, render } from './layout.tsx';
import { forbiddenPage, notFoundPage } from './pages.tsx';
import type { AdminRouteDeps } from './routes.ts';

/** The `deriveKey` purpose of the key that signs digest-off links. */
export const DIGEST_KEY_PURPOSE = 'digest unsubscribe';
export const DIGEST_OFF_PATH = '/admin/digest-off';

export async function digestOffToken(key: CryptoKey, userId: string): Promise<string> {
  return `${userId}.${await hmac(key, `digest-off|${userId}`)}`;
}

/** The user a token was made for under one of `keys`, or undefined for a forged or malformed one. */
export async function digestOffUser(keys: readonly CryptoKey[], token: string): Promise<string | undefined> {
  const match = /^([\w-]{1,64})\.([\w-]{43})$/.exec(token);
  const [, id, signature] = match ?? [];
  if (!id || !signature) return undefined;
  for (const key of keys) {
    if (constantTimeEqual(signature, await hmac(key, `digest-off|${id}`))) return id;
  }
  return undefined;
}

export function registerDigestOffRoutes(app: Hono<AppEnv>, deps: AdminRouteDeps, keys: Promise<CryptoKey[]>) {
  const userOf = async (token: string) => {
    const id = await digestOffUser(await keys, token);
    return id === undefined ? undefined : deps.records.users.byId(id);
  };

  app.get(`${DIGEST_OFF_PATH}/:token`, async (c) => {
    const user = await userOf(c.req.param('token'));
    if (!user) return notFoundPage(c);
    return render(
      c,
      <Layout title="Stop the weekly digest">
        {user.digestOptIn ? (
          <form class="stack" method="post" action={c.req.path}>
            <p>Stop the weekly digest email for {user.email}?</p>
            <button type="submit">Stop the weekly digest</button>
          </form>
        ) : (
          <p>The weekly digest is already off for {user.email}.</p>
        )}
      </Layout>,
    );
  });

  app.post(`${DIGEST_OFF_PATH}/:token`, async (c) => {
    if (isCrossSite(c, deps.trustProxy)) return forbiddenPage(c, 'Open the link from the digest itself.');
    const user = await userOf(c.req.param('token'));
    if (!user) return notFoundPage(c);
    await setDigest(deps, 'digest-link', user.id, false);
    return render(
      c,
      <Layout title="Weekly digest stopped">
        <p>The weekly digest is off for {user.email}. You can turn it on again on your account page.</p>
      </Layout>,
    );
  });
}
