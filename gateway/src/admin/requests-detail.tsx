import type { Context } from 'hono';
import type { AppEnv } from '../context.ts';
import type { RenderedMail } from '../mail/templates/index.ts';
import { actionsFor, NOTE_MAX, REASON_MAX, type ReplyTemplate, type SystemsState } from '../requests/workflow.ts';
import type { PrivacyRequest, RequestEvent } from '../store/records.ts';
import { CsrfField, chrome, Layout, Messages } from './layout.tsx';
import { COMPLETION_EFFECTS, dateTime, day, STATUS_LABELS, TYPE_LABELS, urgency } from './requests-format.tsx';
import { Composer, SystemsTable, Timeline } from './requests-history.tsx';

/** What a refused form left behind: the message, which form, and what was typed. */
export interface DetailForm {
  error?: string;
  action?: string;
  values?: Record<string, string>;
}

interface Props extends DetailForm {
  c: Context<AppEnv>;
  request: PrivacyRequest;
  events: RequestEvent[];
  systems: SystemsState;
  /** Staff user id → email, to name who acted. */
  staff: Map<string, string>;
  now: Date;
  tz: string;
  draft: ({ template: ReplyTemplate } & RenderedMail) | undefined;
  notice: string | undefined;
  retentionDays: number;
}

export function RequestPage(p: Props) {
  const { request: r, tz } = p;
  const title = `Request ${r.reference}`;
  const facts: [string, string][] = [
    ['Reference', r.reference],
    ['Type', TYPE_LABELS[r.type]],
    ['Status', STATUS_LABELS[r.status]],
    ['Jurisdiction', r.jurisdiction === 'gdpr' ? 'GDPR (one month)' : 'CCPA (45 days)'],
    ['Received', dateTime(r.receivedAt, tz)],
    ['Confirmed', dateTime(r.verifiedAt, tz)],
    ['Due', r.dueAt ? `${day(r.dueAt, tz)} (${urgency(r, p.now, tz).text})` : '—'],
    ['Extended', r.extendedAt ? `${dateTime(r.extendedAt, tz)}: ${r.extensionReason ?? ''}` : 'No'],
    ['Closed', dateTime(r.completedAt, tz)],
    ['Processing restricted', r.restricted ? 'Yes' : 'No'],
  ];
  if (r.minimisedAt !== null) {
    return (
      <Layout title={title} {...chrome(p.c, '/admin/requests')}>
        <p class="notice" role="status">
          This request was reduced to proof on {dateTime(r.minimisedAt, tz)}: either it closed more than{' '}
          {p.retentionDays} days ago, or the same person later asked for erasure. The email address, the details, notes,
          reports and mail were deleted; what is left shows that the request was answered, and when.
        </p>
        <Facts rows={facts} />
        <h2 id="timeline">Timeline</h2>
        <Timeline events={p.events} staff={p.staff} tz={tz} />
        <p>
          <a href="/admin/requests">Back to the queue</a>
        </p>
      </Layout>
    );
  }
  const actions = actionsFor(r, p.systems);
  const value = (action: string, field: string) => (p.action === action ? (p.values?.[field] ?? '') : '');
  return (
    <Layout title={title} {...chrome(p.c, '/admin/requests')}>
      <Messages notice={p.notice} error={p.error} />
      <Facts rows={[...facts.slice(0, 3), ['Email', r.email ?? '—'], ['Language', r.locale], ...facts.slice(3)]} />
      <h2 id="details">What the requester wrote</h2>
      <p class="secret">{r.details ?? 'Nothing beyond the request type.'}</p>
      {r.type === 'rectify' && (
        <>
          <h3>What should be corrected</h3>
          <p class="secret">{r.rectification ?? 'Not said.'}</p>
        </>
      )}

      <h2 id="actions">Actions</h2>
      {r.status === 'unverified' && (
        <p class="muted">The requester has not confirmed this request yet, so nothing can be done with it.</p>
      )}
      {(r.status === 'completed' || r.status === 'rejected') && (
        <p class="muted">This request is closed. Notes and emails to the requester are still possible below.</p>
      )}
      {actions.includes('start') && (
        <ActionForm c={p.c} r={r} action="start" label="Start work" button="Start work">
          {r.status === 'awaiting_systems' && p.systems.missing.length > 0 && (
            <p class="hint">
              Still waiting for {p.systems.missing.join(', ')}. Starting now overrides the wait; the timeline records
              it.
            </p>
          )}
          <Notify />
        </ActionForm>
      )}
      {actions.includes('wait') && (
        <ActionForm c={p.c} r={r} action="wait" label="Wait for the connected systems" button="Wait for systems">
          <p class="hint">
            Waiting for {p.systems.missing.join(', ')}. When the last one reports, the request returns to in progress by
            itself.
          </p>
          <Notify />
        </ActionForm>
      )}
      {actions.includes('extend') && (
        <ActionForm c={p.c} r={r} action="extend" label="Extend the deadline (once)" button="Extend">
          <p class="hint">
            {r.jurisdiction === 'gdpr'
              ? 'By two further months from the original due date (Art. 12(3) GDPR).'
              : 'By 45 further days from the original due date (CCPA).'}{' '}
            The requester is emailed the new date and your reason.
          </p>
          <label>
            Reason{' '}
            <textarea name="reason" required maxlength={REASON_MAX} rows={4}>
              {value('extend', 'reason')}
            </textarea>
          </label>
        </ActionForm>
      )}
      {actions.includes('complete') && (
        <ActionForm c={p.c} r={r} action="complete" label="Complete" button="Complete the request">
          <p class="hint">{COMPLETION_EFFECTS[r.type]}</p>
          <label>
            {r.type === 'rectify' ? 'What was corrected, and where (required)' : 'Note for the timeline (optional)'}
            <textarea name="note" maxlength={NOTE_MAX} rows={3} required={r.type === 'rectify'}>
              {value('complete', 'note')}
            </textarea>
          </label>
        </ActionForm>
      )}
      {actions.includes('reject') && (
        <ActionForm c={p.c} r={r} action="reject" label="Reject" button="Reject the request" danger>
          <p class="hint">
            One reason per line. The requester is emailed them with their right to complain to a supervisory authority
            (Art. 12(4) GDPR).
          </p>
          <label>
            Reasons{' '}
            <textarea name="reasons" required rows={3}>
              {value('reject', 'reasons')}
            </textarea>
          </label>
        </ActionForm>
      )}

      <h2 id="systems">Connected systems</h2>
      <SystemsTable systems={p.systems} type={r.type} tz={tz} />

      {actions.includes('reply') && (
        <Composer c={p.c} request={r} draft={p.draft} text={p.action === 'reply' ? p.values?.text : undefined} />
      )}

      {actions.includes('note') && (
        <ActionForm c={p.c} r={r} action="note" label="Add a note" button="Add note">
          <label>
            Note <span class="hint">Seen by staff only; deleted with the request's personal data.</span>
            <textarea name="text" required maxlength={NOTE_MAX} rows={3}>
              {value('note', 'text')}
            </textarea>
          </label>
        </ActionForm>
      )}

      <h2 id="timeline">Timeline</h2>
      <Timeline events={p.events} staff={p.staff} tz={tz} />
      <p>
        <a href="/admin/requests">Back to the queue</a>
      </p>
    </Layout>
  );
}

function Facts({ rows }: { rows: [string, string][] }) {
  return (
    <div class="table-wrap">
      <table>
        <tbody>
          {rows.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Notify() {
  return (
    <label>
      <span>
        <input type="checkbox" name="notify" value="1" checked /> Email the requester the new status
      </span>
    </label>
  );
}

interface ActionProps {
  c: Context<AppEnv>;
  r: PrivacyRequest;
  action: string;
  label: string;
  button: string;
  danger?: boolean;
  children?: unknown;
}

function ActionForm({ c, r, action, label, button, danger, children }: ActionProps) {
  const id = `action-${action}`;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{label}</h3>
      <form class="stack" method="post" action={`/admin/requests/${encodeURIComponent(r.id)}/${action}`}>
        <CsrfField c={c} />
        {children}
        <button type="submit" class={danger ? 'danger' : undefined}>
          {button}
        </button>
      </form>
    </section>
  );
}
