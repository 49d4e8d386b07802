import type { Context } from 'hono';
import type { AppEnv } from '../context.ts';
import type { PrivacyRequest, RequestStatus } from '../store/records.ts';
import { chrome, Layout } from './layout.tsx';
import { day, STATUS_LABELS, TYPE_LABELS, urgency } from './requests-format.tsx';

export interface QueueFilter {
  id: 'open' | 'all' | 'completed' | 'rejected';
  label: string;
  statuses?: readonly RequestStatus[];
  empty: string;
}

export const QUEUE_FILTERS: readonly QueueFilter[] = [
  {
    id: 'open',
    label: 'Open',
    statuses: ['verified', 'in_progress', 'awaiting_systems', 'extended'],
    empty:
      'No open requests. A request appears here once the requester confirms it through the link we email them; its deadline runs from then.',
  },
  {
    id: 'all',
    label: 'All',
    empty: 'No privacy requests yet. They come from the privacy request form on the site.',
  },
  {
    id: 'completed',
    label: 'Completed',
    statuses: ['completed'],
    empty: 'No completed requests yet.',
  },
  {
    id: 'rejected',
    label: 'Rejected',
    statuses: ['rejected'],
    empty: 'No rejected requests.',
  },
];

export function queueFilter(id: string | undefined): QueueFilter {
  return QUEUE_FILTERS.find((f) => f.id === id) ?? (QUEUE_FILTERS[0] as QueueFilter);
}

interface QueueProps {
  c: Context<AppEnv>;
  filter: QueueFilter;
  requests: PrivacyRequest[];
  total: number;
  offset: number;
  pageSize: number;
  now: Date;
  tz: string;
  unverifiedDays: number;
}

/** The queue, most urgent first (the store's order: due date, then received). */
export function QueuePage(p: QueueProps) {
  const href = (filter: string, offset = 0) =>
    `/admin/requests?status=${filter}${offset > 0 ? `&offset=${offset}` : ''}`;
  const overdue = p.requests.filter((r) => urgency(r, p.now, p.tz).overdue).length;
  return (
    <Layout title="Privacy requests" {...chrome(p.c, '/admin/requests')}>
      <p>
        GDPR and CCPA requests, most urgent first. Dates and days left are counted in {p.tz}, where the deadlines run.
      </p>
      <nav class="chips" aria-label="Filter by status">
        <ul>
          {QUEUE_FILTERS.map((f) => (
            <li>
              <a class="chip" href={href(f.id)} aria-current={f.id === p.filter.id ? 'page' : undefined}>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {overdue > 0 && (
        <p class="alert" role="alert">
          {overdue === 1 ? '1 request on this page is overdue.' : `${overdue} requests on this page are overdue.`}
        </p>
      )}
      {p.requests.length === 0 ? (
        <div class="empty">
          <p>{p.filter.empty}</p>
          {p.filter.id === 'all' && (
            <p class="muted">Unconfirmed requests are deleted after {p.unverifiedDays} days.</p>
          )}
        </div>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="muted">
              {p.filter.label}: {p.total === 1 ? '1 request' : `${p.total} requests`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Received</th>
                <th scope="col">Confirmed</th>
                <th scope="col">Due</th>
                <th scope="col">Days left</th>
              </tr>
            </thead>
            <tbody>
              {p.requests.map((r) => {
                const u = urgency(r, p.now, p.tz);
                return (
                  <tr class={u.overdue ? 'overdue' : undefined}>
                    <td>
                      <a href={`/admin/requests/${encodeURIComponent(r.id)}`}>
                        <code>{r.reference}</code>
                      </a>
                    </td>
                    <td>{TYPE_LABELS[r.type]}</td>
                    <td>{STATUS_LABELS[r.status]}</td>
                    <td>{day(r.receivedAt, p.tz)}</td>
                    <td>{day(r.verifiedAt, p.tz)}</td>
                    <td>{day(r.dueAt, p.tz)}</td>
                    <td class={u.overdue ? 'alert' : undefined}>{u.overdue ? <strong>{u.text}</strong> : u.text}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {p.total > p.pageSize && (
        <p>
          {p.offset > 0 && <a href={href(p.filter.id, Math.max(0, p.offset - p.pageSize))}>More urgent</a>}
          {p.offset > 0 && p.offset + p.requests.length < p.total && ' · '}
          {p.offset + p.requests.length < p.total && <a href={href(p.filter.id, p.offset + p.pageSize)}>Less urgent</a>}
        </p>
      )}
    </Layout>
  );
}
