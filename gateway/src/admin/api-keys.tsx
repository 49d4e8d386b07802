import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { type ApiKey, SCOPES, type Scope } from '../store/records.ts';
import { AccountError, createApiKey, revokeApiKey } from './accounts.ts';
import { CsrfField, chrome, formatTime, Layout, Messages, render } from './layout.tsx';
import type { AdminRouteDeps } from './routes.ts';

const SCOPE_HELP: Record<Scope, string> = {
  'stats:read': 'read the statistics API',
  'unsubscribe:write': 'create unsubscribe links for outgoing email',
  'suppressions:read': 'read the suppression list for email-service sync',
};

/** `/admin/api-keys` (admin only): create (the key is shown once), list, revoke. */
export function registerApiKeyRoutes(app: Hono<AppEnv>, deps: AdminRouteDeps) {
  const adminOnly = requireAuth({ roles: ['admin'] });
  const actor = (c: Context<AppEnv>) => `user:${c.get('principal')?.id ?? 'unknown'}`;
  const page = async (c: Context<AppEnv>, status: 200 | 400, extra: Omit<PageProps, 'c' | 'keys'> = {}) =>
    render(c, <ApiKeysPage c={c} keys={await deps.records.apiKeys.list()} {...extra} />, status);

  app.get('/admin/api-keys', adminOnly, (c) =>
    page(c, 200, { notice: c.req.query('notice') === 'revoked' ? 'Key revoked.' : undefined }),
  );

  app.post('/admin/api-keys', adminOnly, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const name = typeof form.name === 'string' ? form.name : '';
    const scopes = [form.scope].flat().filter((s): s is string => typeof s === 'string');
    try {
      const created = await createApiKey(deps, { name, scopes }, actor(c));
      return page(c, 200, { created: { name: name.trim(), key: created.key } });
    } catch (error) {
      if (error instanceof AccountError) return page(c, 400, { error: error.message, name });
      throw error;
    }
  });

  app.post('/admin/api-keys/:id/revoke', adminOnly, async (c) => {
    try {
      await revokeApiKey(deps, actor(c), c.req.param('id'));
      return c.redirect('/admin/api-keys?notice=revoked', 303);
    } catch (error) {
      if (error instanceof AccountError) return page(c, 400, { error: error.message });
      throw error;
    }
  });
}

interface PageProps {
  c: Context<AppEnv>;
  keys: ApiKey[];
  created?: { name: string; key: string };
  notice?: string | undefined;
  error?: string;
  name?: string;
}

function ApiKeysPage({ c, keys, created, notice, error, name }: PageProps) {
  return (
    <Layout title="API keys" {...chrome(c, '/admin/api-keys')}>
      {created && (
        <section class="notice" aria-labelledby="new-key">
          <h2 id="new-key">New key “{created.name}”</h2>
          <p>Copy it now: it is shown only this once, and Candor keeps only a hash of it.</p>
          <p class="secret">{created.key}</p>
          <p>
            Send it as <code>Authorization: Bearer &lt;key&gt;</code>.
          </p>
        </section>
      )}
      <Messages notice={notice} error={error} />
      <div class="table-wrap">
        <table>
          <caption class="muted">{keys.length} keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.scopes.join(', ')}</td>
                <td>{formatTime(k.createdAt)}</td>
                <td>{formatTime(k.lastUsedAt)}</td>
                <td>
                  {k.revokedAt ? (
                    `Revoked ${formatTime(k.revokedAt)}`
                  ) : (
                    <form method="post" action={`/admin/api-keys/${k.id}/revoke`}>
                      <CsrfField c={c} />
                      <button type="submit" class="danger" aria-label={`Revoke ${k.name}`}>
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="create">Create a key</h2>
      <form class="stack" method="post" action="/admin/api-keys" aria-labelledby="create">
        <CsrfField c={c} />
        <label>
          Name <span class="hint">Who or what uses it, e.g. “Newsletter sender”.</span>
          <input type="text" name="name" required maxlength={80} value={name ?? ''} />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label>
              <input type="checkbox" name="scope" value={s} />
              <span>
                <code>{s}</code>: {SCOPE_HELP[s]}
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit">Create key</button>
      </form>
    </Layout>
  );
}
