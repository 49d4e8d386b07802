import type { CandorConfig } from '@candor/config';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { requireAuth } from '../middleware/require-auth/index.ts';
import { toCsv } from '../reports/csv.ts';
import {
  ALL_LISTS,
  isLinkSource,
  OUTBOX_STATUSES,
  type OutboxMessage,
  type OutboxStatus,
  type RecordStore,
  type Suppression,
} from '../store/records.ts';
import type { Unsubscribe } from '../unsubscribe/service.ts';
import { CsrfField, chrome, formatTime, Layout, Messages, render } from './layout.tsx';
import { LiftForm, registerSuppressionLift } from './suppressions-lift.tsx';

export interface SuppressionAdminDeps {
  config: CandorConfig;
  records: RecordStore;
  unsubscribe: Unsubscribe;
  /** Deliver outbox messages now (after a manual suppression or a retry). */
  wakeOutbox?: (() => void) | undefined;
}

const PAGE_SIZE = 50;

const NOTICES: Record<string, string> = {
  added: 'Suppression added. Webhook targets are told within seconds.',
  exists: 'That address was already suppressed for that list; nothing changed.',
  locked:
    'That address had unsubscribed from that list through a link. The suppression is now the privacy team’s, and no unsubscribe link can lift it.',
  retried: 'The delivery is queued again and goes out within seconds.',
  lifted: 'Suppression lifted and recorded in the audit log. Webhook targets are told within seconds.',
  'lift-reason': 'Write down why the address may be mailed again (at most 500 characters); nothing changed.',
  'lift-invalid': 'That address or list is not valid; nothing changed.',
};

const STATUS_LABELS: Record<OutboxStatus, string> = { pending: 'Pending', delivered: 'Delivered', dead: 'Failed' };

/**
 * `/admin/suppressions` (privacy officers and admins): search by email (hashed before the
 * lookup, never stored or logged), add one by hand, the newest entries, a CSV export of hashes
 * and metadata, and the webhook deliveries with a retry for failed ones.
 */
export function registerSuppressionRoutes(app: Hono<AppEnv>, deps: SuppressionAdminDeps) {
  const staff = requireAuth({ roles: ['privacy'] });
  const lists = new Map<string, string>([
    ...deps.config.mailingLists.map((l): [string, string] => [l.id, l.name]),
    [ALL_LISTS, 'All marketing email'],
  ]);
  const actor = (c: Context<AppEnv>) => {
    const p = c.get('principal');
    if (p?.kind !== 'user') throw new Error('requireAuth admits only users here');
    return p.id;
  };

  const page = async (c: Context<AppEnv>, status: 200 | 400 | 404, form: PageForm = {}) => {
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const outboxStatus = OUTBOX_STATUSES.find((s) => s === c.req.query('deliveries')) ?? 'dead';
    const [recent, total, counts, deliveries] = await Promise.all([
      deps.records.suppressions.list({ limit: PAGE_SIZE, offset }),
      deps.records.suppressions.count(),
      deps.records.outbox.counts(),
      deps.records.outbox.list({ status: outboxStatus, limit: PAGE_SIZE }),
    ]);
    return render(
      c,
      <SuppressionsPage
        c={c}
        lists={lists}
        recent={recent}
        total={total}
        offset={offset}
        counts={counts}
        deliveries={deliveries}
        outboxStatus={outboxStatus}
        notice={NOTICES[c.req.query('notice') ?? '']}
        {...form}
      />,
      status,
    );
  };

  app.get('/admin/suppressions', staff, (c) => page(c, 200));
  registerSuppressionLift(app, deps, lists);

  // A POST, so the email never appears in a URL, a log line or the browser history.
  app.post('/admin/suppressions/search', staff, async (c) => {
    const body = await c.req.parseBody();
    const raw = typeof body.email === 'string' ? body.email : '';
    const email = deps.unsubscribe.normalise(raw);
    if (email === undefined) return page(c, 400, { error: 'Enter a valid email address to search for.' });
    const state = await deps.unsubscribe.state(email);
    const found = await deps.records.suppressions.ofHashes(await deps.unsubscribe.hashesOf(email));
    return page(c, 200, { search: { email, found, lists: state.lists } });
  });

  app.post('/admin/suppressions', staff, async (c) => {
    const body = await c.req.parseBody();
    const email = deps.unsubscribe.normalise(typeof body.email === 'string' ? body.email : '');
    const list = typeof body.list === 'string' ? body.list : '';
    if (email === undefined) return page(c, 400, { error: 'Enter a valid email address.' });
    if (!lists.has(list)) return page(c, 400, { error: 'Choose a list from the menu.' });
    const hashes = await deps.unsubscribe.hashesOf(email);
    // A row a link made for this list is taken over by the privacy team: from then on no link lifts it.
    const linkMade = (await deps.records.suppressions.ofHashes(hashes)).some(
      (row) => row.list === list && isLinkSource(row.source),
    );
    const { added } = await deps.unsubscribe.change(email, { add: [list] }, 'admin');
    const outcome = added.length > 0 ? 'added' : linkMade ? 'locked' : 'exists';
    if (outcome !== 'exists') {
      // The audit trail names the hash's first characters, never the address.
      await deps.records.audit.append({
        actor: actor(c),
        action: outcome === 'added' ? 'suppression.added' : 'suppression.locked',
        target: `suppression:${hashes[0]?.slice(0, 12)}`,
        after: { list, source: 'admin' },
      });
    }
    return c.redirect(`/admin/suppressions?notice=${outcome}`, 303);
  });

  app.post('/admin/suppressions/deliveries/:id/retry', staff, async (c) => {
    const id = Number.parseInt(c.req.param('id'), 10);
    const retried = Number.isSafeInteger(id) && (await deps.records.outbox.retry(id, new Date()));
    if (!retried) return page(c, 404, { error: 'There is no such delivery to retry.' });
    await deps.records.audit.append({ actor: actor(c), action: 'webhook.retried', target: `outbox:${id}` });
    deps.wakeOutbox?.();
    return c.redirect('/admin/suppressions?notice=retried&deliveries=pending', 303);
  });

  app.get('/admin/suppressions.csv', staff, async (c) => {
    const rows = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await deps.records.suppressions.list({ limit: 1000, offset });
      for (const s of page) {
        rows.push({ email_hash: s.emailHash, list: s.list, source: s.source, created_at: s.createdAt.toISOString() });
      }
      if (page.length < 1000) break;
    }
    return c.body(toCsv(['email_hash', 'list', 'source', 'created_at'], rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="suppressions.csv"',
    });
  });
}

interface PageForm {
  error?: string;
  search?: { email: string; found: Suppression[]; lists: string[] };
}

interface PageProps extends PageForm {
  c: Context<AppEnv>;
  lists: Map<string, string>;
  recent: Suppression[];
  total: number;
  offset: number;
  counts: Record<OutboxStatus, number>;
  deliveries: OutboxMessage[];
  outboxStatus: OutboxStatus;
  notice: string | undefined;
}

function SuppressionsPage(p: PageProps) {
  const { c, lists } = p;
  const listName = (id: string) => lists.get(id) ?? id;
  return (
    <Layout title="Suppressions" {...chrome(c, '/admin/suppressions')}>
      <Messages notice={p.notice} error={p.error} />
      <p>
        Addresses that must get no more marketing email, from unsubscribe links, one-click unsubscribes, the sender's
        API and this page. Only a keyed hash of each address is kept, so the list can be checked but not read back.
      </p>

      <h2 id="search">Look up an address</h2>
      <form class="stack" method="post" action="/admin/suppressions/search" aria-labelledby="search">
        <CsrfField c={c} />
        <label>
          Email <input type="email" name="email" required autocomplete="off" />
        </label>
        <button type="submit">Look up</button>
      </form>
      {p.search && (
        <p role="status" class="notice">
          {p.search.found.length === 0
            ? `${p.search.email} is not suppressed.`
            : `${p.search.email} gets no more: ${p.search.lists.map(listName).join(', ') || '—'} (${p.search.found
                .map((s) => `${listName(s.list)} since ${formatTime(s.createdAt)}, ${s.source}`)
                .join('; ')}).`}
        </p>
      )}
      {p.search?.found.map((s) => (
        <LiftForm c={c} email={p.search?.email ?? ''} list={s.list} label={listName(s.list)} />
      ))}

      <h2 id="add">Add a suppression</h2>
      <form class="stack" method="post" action="/admin/suppressions" aria-labelledby="add">
        <CsrfField c={c} />
        <label>
          Email <input type="email" name="email" required autocomplete="off" />
        </label>
        <label>
          List
          <select name="list">
            {[...lists].map(([id, name]) => (
              <option value={id} selected={id === ALL_LISTS}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Suppress</button>
      </form>

      <h2 id="entries">Entries</h2>
      <p>
        {p.total === 1 ? '1 suppression' : `${p.total} suppressions`} ·{' '}
        <a href="/admin/suppressions.csv">Download CSV</a> (hashes and metadata)
      </p>
      {p.recent.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Email hash</th>
                <th scope="col">List</th>
                <th scope="col">Source</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {p.recent.map((s) => (
                <tr>
                  <td>
                    <code title={s.emailHash}>{s.emailHash.slice(0, 12)}…</code>
                  </td>
                  <td>{listName(s.list)}</td>
                  <td>{s.source}</td>
                  <td>{formatTime(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager offset={p.offset} shown={p.recent.length} total={p.total} />

      <h2 id="deliveries">Webhook deliveries</h2>
      <p>
        {OUTBOX_STATUSES.map((s, i) => (
          <>
            {i > 0 && ' · '}
            {s === p.outboxStatus ? (
              <strong>
                {STATUS_LABELS[s]}: {p.counts[s]}
              </strong>
            ) : (
              <a href={`/admin/suppressions?deliveries=${s}#deliveries`}>
                {STATUS_LABELS[s]}: {p.counts[s]}
              </a>
            )}
          </>
        ))}
      </p>
      {p.deliveries.length === 0 ? (
        <p class="muted">No {STATUS_LABELS[p.outboxStatus].toLowerCase()} deliveries.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Target</th>
                <th scope="col">List</th>
                <th scope="col">Attempts</th>
                <th scope="col">{p.outboxStatus === 'delivered' ? 'Delivered' : 'Next attempt'}</th>
                <th scope="col">Last error</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {p.deliveries.map((m) => (
                <tr>
                  <td>
                    {m.type}
                    <br />
                    <code>{m.eventId.slice(0, 8)}</code>
                  </td>
                  <td>{m.target}</td>
                  <td>{listName(m.list)}</td>
                  <td>{m.attempts}</td>
                  <td>{formatTime(m.status === 'delivered' ? m.deliveredAt : m.nextAttemptAt)}</td>
                  <td>{m.lastError ?? '—'}</td>
                  <td>
                    {m.status !== 'delivered' && (
                      <form method="post" action={`/admin/suppressions/deliveries/${m.id}/retry`}>
                        <CsrfField c={c} />
                        <button type="submit" class="secondary" aria-label={`Retry delivery ${m.id}`}>
                          Retry now
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function Pager({ offset, shown, total }: { offset: number; shown: number; total: number }) {
  if (total <= PAGE_SIZE) return null;
  return (
    <p>
      {offset > 0 && <a href={`/admin/suppressions?offset=${Math.max(0, offset - PAGE_SIZE)}#entries`}>Newer</a>}
      {offset > 0 && offset + shown < total && ' · '}
      {offset + shown < total && <a href={`/admin/suppressions?offset=${offset + PAGE_SIZE}#entries`}>Older</a>}
    </p>
  );
}
