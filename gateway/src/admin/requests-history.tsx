// The request page's record of what happened: the timeline, the connected systems' reports and
// the reply composer.
import type { Context } from 'hono';
import type { AppEnv } from '../context.ts';
import type { RenderedMail } from '../mail/templates/index.ts';
import { REPLY_MAX, REPLY_TEMPLATES, type ReplyTemplate, type SystemsState } from '../requests/workflow.ts';
import { REPLY_TEMPLATE_LABELS } from '../requests/workflow-replies.ts';
import type { PrivacyRequest, RequestEvent, RequestType } from '../store/records.ts';
import { CsrfField } from './layout.tsx';
import { dateTime, jsonSize, STATUS_LABELS, TYPE_LABELS } from './requests-format.tsx';

const KIND_LABELS: Record<RequestEvent['kind'], string> = {
  received: 'Received',
  verification_sent: 'Confirmation link sent',
  verified: 'Confirmed by the requester',
  status: 'Status changed',
  note: 'Note',
  email: 'Email queued',
  extended: 'Deadline extended',
  system_report: 'System reported',
  export_ready: 'Data package ready',
  export_downloaded: 'Data package downloaded',
  erased: 'Erased',
  restricted: 'Restriction set',
};

/** Newest first: who did what, and when. */
export function Timeline({ events, staff, tz }: { events: RequestEvent[]; staff: Map<string, string>; tz: string }) {
  if (events.length === 0) return <p class="muted">Nothing has happened yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {[...events].reverse().map((e) => (
            <tr>
              <td>{dateTime(e.at, tz)}</td>
              <td>{who(e.actor, staff)}</td>
              <td>
                <strong>{KIND_LABELS[e.kind]}</strong>
                {describe(e, tz).map((line) => (
                  <>
                    <br />
                    {line}
                  </>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function who(actor: string, staff: Map<string, string>): string {
  if (actor === 'requester') return 'The requester';
  if (actor === 'system') return 'Candor';
  if (actor.startsWith('system:')) return `System ${actor.slice('system:'.length)}`;
  return staff.get(actor) ?? `Staff user ${actor}`;
}

/** The event's detail in words; null once minimised, so nothing but the kind is left. */
function describe(e: RequestEvent, tz: string): string[] {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const text = (v: unknown): string =>
    typeof v === 'string'
      ? v
      : typeof v === 'object' && v !== null && !Array.isArray(v)
        ? Object.entries(v)
            .map(([k, x]) => `${k}: ${text(x)}`)
            .join(', ')
        : JSON.stringify(v);
  const date = (v: unknown) => (typeof v === 'string' ? dateTime(new Date(v), tz) : '—');
  const status = (v: unknown) => STATUS_LABELS[v as keyof typeof STATUS_LABELS] ?? text(v);
  switch (e.kind) {
    case 'status': {
      const inner = (d.detail ?? {}) as Record<string, unknown>;
      const lines = [`${status(d.from)} → ${status(d.to)}`];
      if (inner.override) lines.push(`Started without waiting for: ${text(inner.waitingFor)}`);
      if (Array.isArray(inner.systemsReported)) lines.push('Every connected system has reported.');
      if (Array.isArray(inner.reasons)) lines.push(...inner.reasons.map((r) => `Reason: ${text(r)}`));
      if (inner.corrections) lines.push(`Corrections: ${text(inner.corrections)}`);
      if (inner.erased) lines.push(`Erased: ${text(inner.erased)}`);
      if (inner.suppressed) lines.push(`Suppressed for all marketing email (${text(inner.suppressed)})`);
      if (inner.export) lines.push(`Data package: ${text(inner.export)}`);
      if (inner.note) lines.push(`Note: ${text(inner.note)}`);
      return lines;
    }
    case 'note':
      return d.text === undefined ? [] : [text(d.text)];
    case 'email':
      return d.subject === undefined ? [] : [text(d.subject)];
    case 'extended':
      return d.dueAt === undefined ? [] : [`New due date ${date(d.dueAt)}`, `Reason: ${text(d.reason)}`];
    case 'verified':
      return d.dueAt === undefined ? [] : [`Due ${date(d.dueAt)}`];
    case 'export_ready':
      return d.expiresAt === undefined ? [] : [`Available until ${date(d.expiresAt)}`];
    case 'system_report':
      return d.status === undefined ? [] : [REPORT_LABELS[d.status as keyof typeof REPORT_LABELS] ?? text(d.status)];
    case 'erased':
      return d.minimised === undefined ? [] : [`Other requests of the address reduced to proof: ${text(d.minimised)}`];
    case 'restricted':
      return d.restricted === undefined ? [] : [d.restricted ? 'Processing restricted' : 'Restriction lifted'];
    case 'received':
      return d.type === undefined
        ? []
        : [`${TYPE_LABELS[d.type as RequestType] ?? text(d.type)}, ${text(d.jurisdiction).toUpperCase()}`];
    default:
      return [];
  }
}

const REPORT_LABELS = { pending: 'Pending', done: 'Done', not_found: 'Holds nothing', failed: 'Failed' } as const;
const PREVIEW_CHARS = 2000;

/** Each connected system, whether and what it reported; data only for access and portability. */
export function SystemsTable({ systems, type, tz }: { systems: SystemsState; type: RequestType; tz: string }) {
  const names = [...new Set([...systems.expected, ...systems.reports.map((r) => r.system)])];
  if (names.length === 0) {
    return (
      <p class="muted">
        No connected system is configured to be told of privacy requests (a webhook subscribed to
        privacy_request.verified), so Candor's own records are all there is to handle.
      </p>
    );
  }
  const withData = type === 'access' || type === 'port';
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">System</th>
            <th scope="col">Status</th>
            <th scope="col">Reported</th>
            {withData && <th scope="col">Data</th>}
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const report = systems.reports.find((r) => r.system === name);
            const json = report?.data == null ? '' : JSON.stringify(report.data, null, 2);
            return (
              <tr>
                <td>{name}</td>
                <td>{report ? REPORT_LABELS[report.status] : 'Not reported yet'}</td>
                <td>{report ? dateTime(report.reportedAt, tz) : '—'}</td>
                {withData && (
                  <td>
                    {json === '' ? (
                      'no data'
                    ) : (
                      <details>
                        <summary>{jsonSize(report?.data)}</summary>
                        <pre class="secret">
                          {json.length > PREVIEW_CHARS ? `${json.slice(0, PREVIEW_CHARS)}\n…` : json}
                        </pre>
                      </details>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface ComposerProps {
  c: Context<AppEnv>;
  request: PrivacyRequest;
  draft: ({ template: ReplyTemplate } & RenderedMail) | undefined;
  /** What the officer had typed, when sending was refused. */
  text: string | undefined;
}

/** Pick a template, see it rendered, edit the text, send. The subject is the template's. */
export function Composer({ c, request, draft, text }: ComposerProps) {
  const base = `/admin/requests/${encodeURIComponent(request.id)}`;
  return (
    <section aria-labelledby="reply">
      <h2 id="reply">Email the requester</h2>
      <form class="inline" method="get" action={`${base}#reply`}>
        <label>
          Template
          <select name="template">
            {REPLY_TEMPLATES.map((t) => (
              <option value={t} selected={t === draft?.template}>
                {REPLY_TEMPLATE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Show draft
        </button>
      </form>
      {draft && (
        <form class="stack" method="post" action={`${base}/reply`}>
          <CsrfField c={c} />
          <input type="hidden" name="template" value={draft.template} />
          <p>
            To <strong>{request.email}</strong>, subject <strong>{draft.subject}</strong>
          </p>
          <label>
            Text{' '}
            <span class="hint">Replace anything in [brackets]. The email is sent as plain text, as written here.</span>
            <textarea name="text" required maxlength={REPLY_MAX} rows={18}>
              {text ?? draft.text}
            </textarea>
          </label>
          <button type="submit">Send email</button>
        </form>
      )}
    </section>
  );
}
