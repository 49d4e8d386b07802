import type Database from 'better-sqlite3';
import type {
  ExportPackage,
  Jurisdiction,
  NewRequestEvent,
  PrivacyRequest,
  RequestEvent,
  RequestEventKind,
  RequestMail,
  RequestStatus,
  Requests,
  RequestType,
  SystemReport,
  SystemReportStatus,
} from '../records.ts';
import { CLOSED_STATUSES, canTransition, clampRequestPage } from '../records.ts';
import { insertMailStatement } from './mail-queue.ts';
import { insertOutboxStatement } from './outbox.ts';

type Db = Database.Database;

interface RequestRow {
  id: string;
  reference: string;
  type: RequestType;
  status: RequestStatus;
  jurisdiction: Jurisdiction;
  email: string | null;
  email_hash: string | null;
  details: string | null;
  rectification: string | null;
  locale: string;
  received_at: string;
  verified_at: string | null;
  due_at: string | null;
  extended_at: string | null;
  extension_reason: string | null;
  completed_at: string | null;
  restricted: number;
  minimised_at: string | null;
}

interface EventRow {
  id: number;
  request_id: string;
  at: string;
  actor: string;
  kind: RequestEventKind;
  detail: string | null;
}

interface ReportRow {
  request_id: string;
  system: string;
  status: SystemReportStatus;
  data: string | null;
  reported_at: string;
}

interface ExportRow {
  request_id: string;
  code_hash: string;
  bytes: Buffer;
  created_at: string;
  expires_at: string;
}

// Every statement's SQL in one place keeps the adapter body about behaviour.
const SQL = {
  insert: `INSERT INTO privacy_requests (id, reference, type, status, jurisdiction, email, email_hash, details,
      rectification, locale, received_at, verification_hash, verification_expires_at)
    VALUES (?, ?, ?, 'unverified', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  pending: `SELECT * FROM privacy_requests WHERE email_hash = ? AND type = ? AND status = 'unverified'
    AND verification_expires_at > ? ORDER BY received_at DESC LIMIT 1`,
  refresh: 'UPDATE privacy_requests SET verification_hash = ?, verification_expires_at = ? WHERE id = ?',
  byToken: `SELECT * FROM privacy_requests WHERE verification_hash = ? AND status = 'unverified'
    AND verification_expires_at > ?`,
  verify: `UPDATE privacy_requests SET status = 'verified', verified_at = ?, due_at = ?, verification_hash = NULL,
      verification_expires_at = NULL
    WHERE id = ? AND status = 'unverified' AND verification_expires_at > ? RETURNING *`,
  byId: 'SELECT * FROM privacy_requests WHERE id = ?',
  byReference: 'SELECT * FROM privacy_requests WHERE reference = ?',
  // A null @statuses means every status; otherwise it is a JSON array of statuses.
  list: `SELECT * FROM privacy_requests WHERE @statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses))
    ORDER BY due_at IS NULL, due_at, received_at, id LIMIT @limit OFFSET @offset`,
  count: `SELECT count(*) FROM privacy_requests
    WHERE @statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses))`,
  ofHashes: `SELECT * FROM privacy_requests WHERE email_hash IN (SELECT value FROM json_each(?))
    ORDER BY received_at, id`,
  setStatus: `UPDATE privacy_requests SET status = ?, completed_at = ? WHERE id = ? AND status = ? RETURNING *`,
  extend: `UPDATE privacy_requests SET status = 'extended', due_at = ?, extended_at = ?, extension_reason = ?
    WHERE id = ? AND status = ? AND extended_at IS NULL RETURNING *`,
  restrict: 'UPDATE privacy_requests SET restricted = ? WHERE id = ? RETURNING *',
  event: 'INSERT INTO privacy_request_events (request_id, at, actor, kind, detail) VALUES (?, ?, ?, ?, ?) RETURNING *',
  events: 'SELECT * FROM privacy_request_events WHERE request_id = ? ORDER BY id',
  report: `INSERT INTO privacy_request_systems (request_id, system, status, data, reported_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (request_id, system) DO UPDATE
    SET status = excluded.status, data = excluded.data, reported_at = excluded.reported_at`,
  reports: 'SELECT * FROM privacy_request_systems WHERE request_id = ? ORDER BY system',
  saveExport: `INSERT INTO privacy_request_exports (request_id, code_hash, bytes, created_at, expires_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET code_hash = excluded.code_hash,
    bytes = excluded.bytes, created_at = excluded.created_at, expires_at = excluded.expires_at`,
  getExport: 'SELECT * FROM privacy_request_exports WHERE request_id = ? AND expires_at > ?',
  expireExports: 'DELETE FROM privacy_request_exports WHERE expires_at <= ?',
  // Cascades to the request's events (the trigger allows it for unverified ones), reports, export and mail.
  deleteUnverified: `DELETE FROM privacy_requests WHERE status = 'unverified' AND received_at < ?`,
  closedBefore: `SELECT id FROM privacy_requests WHERE minimised_at IS NULL AND completed_at < ?
    AND status IN ('completed', 'rejected')`,
  minimise: [
    `UPDATE privacy_requests SET email = NULL, email_hash = NULL, details = NULL, rectification = NULL,
      verification_hash = NULL, verification_expires_at = NULL, minimised_at = @at WHERE id = @id`,
    'UPDATE privacy_request_events SET detail = NULL WHERE request_id = @id AND detail IS NOT NULL',
    'UPDATE privacy_request_systems SET data = NULL WHERE request_id = @id',
    'DELETE FROM privacy_request_exports WHERE request_id = @id',
    `DELETE FROM mail_queue WHERE request_id = @id AND status <> 'sent'`,
  ],
} as const;

export function sqliteRequests(db: Db): Requests {
  const s = Object.fromEntries(
    Object.entries(SQL)
      .filter(([, sql]) => typeof sql === 'string')
      .map(([name, sql]) => [name, db.prepare(sql as string)]),
  ) as Record<Exclude<keyof typeof SQL, 'minimise'>, Database.Statement>;
  const minimiseSteps = SQL.minimise.map((sql) => db.prepare(sql));
  const enqueueMail = insertMailStatement(db);
  const enqueueOutbox = insertOutboxStatement(db);

  const get = (id: string) => s.byId.get(id) as RequestRow | undefined;
  const event = (id: string, e: NewRequestEvent): RequestEvent =>
    toEvent(s.event.get(id, e.at.toISOString(), e.actor, e.kind, toJson(e.detail)) as EventRow);
  const mail = (id: string, messages: readonly RequestMail[] = [], at: Date) => {
    for (const m of messages) {
      const mailId = enqueueMail({ ...m, requestId: id }, at);
      event(id, { at, actor: 'system', kind: 'email', detail: { mailId, subject: m.subject } });
    }
  };
  const minimise = (id: string, at: Date) => {
    for (const step of minimiseSteps) step.run({ id, at: at.toISOString() });
  };
  const statusJson = (statuses?: readonly RequestStatus[]) => (statuses ? JSON.stringify(statuses) : null);

  const submit = db.transaction(
    ({ request: r, verification: v, mail: messages }: Parameters<Requests['submit']>[0]) => {
      const at = r.receivedAt;
      const existing = s.pending.get(r.emailHash, r.type, at.toISOString()) as RequestRow | undefined;
      if (existing) {
        s.refresh.run(v.tokenHash, v.expiresAt.toISOString(), existing.id);
      } else {
        s.insert.run(
          r.id,
          r.reference,
          r.type,
          r.jurisdiction,
          r.email,
          r.emailHash,
          r.details,
          r.rectification,
          r.locale,
          at.toISOString(),
          v.tokenHash,
          v.expiresAt.toISOString(),
        );
        event(r.id, {
          at,
          actor: 'requester',
          kind: 'received',
          detail: { type: r.type, jurisdiction: r.jurisdiction },
        });
      }
      const id = existing?.id ?? r.id;
      event(id, { at, actor: 'system', kind: 'verification_sent', detail: { expiresAt: v.expiresAt.toISOString() } });
      mail(id, messages, at);
      return { outcome: existing ? ('refreshed' as const) : ('created' as const), request: toRequest(get(id)) };
    },
  );

  const verify = db.transaction((id: string, input: Parameters<Requests['verify']>[1]) => {
    const iso = input.at.toISOString();
    const row = s.verify.get(iso, input.dueAt.toISOString(), id, iso) as RequestRow | undefined;
    if (!row) return undefined;
    event(id, { at: input.at, actor: 'requester', kind: 'verified', detail: { dueAt: input.dueAt.toISOString() } });
    for (const m of input.outbox ?? []) enqueueOutbox(m, input.at);
    mail(id, input.mail, input.at);
    return toRequest(row);
  });

  const transition = db.transaction((id: string, input: Parameters<Requests['transition']>[1]) => {
    const current = get(id);
    if (!current || !canTransition(current.status, input.to)) return undefined;
    if (input.from && !input.from.includes(current.status)) return undefined;
    const completedAt = CLOSED_STATUSES.includes(input.to) ? input.at.toISOString() : current.completed_at;
    const row = s.setStatus.get(input.to, completedAt, id, current.status) as RequestRow;
    const detail = {
      from: current.status,
      to: input.to,
      ...(input.detail === undefined ? {} : { detail: input.detail }),
    };
    event(id, { at: input.at, actor: input.actor, kind: 'status', detail });
    mail(id, input.mail, input.at);
    return toRequest(row);
  });

  const extend = db.transaction((id: string, input: Parameters<Requests['extend']>[1]) => {
    const current = get(id);
    if (!current || !canTransition(current.status, 'extended')) return undefined;
    const args = [input.dueAt.toISOString(), input.at.toISOString(), input.reason, id, current.status];
    const row = s.extend.get(...args) as RequestRow | undefined;
    if (!row) return undefined;
    const detail = { from: current.status, dueAt: input.dueAt.toISOString(), reason: input.reason };
    event(id, { at: input.at, actor: input.actor, kind: 'extended', detail });
    mail(id, input.mail, input.at);
    return toRequest(row);
  });

  const setRestricted = db.transaction((id: string, input: Parameters<Requests['setRestricted']>[1]) => {
    const row = s.restrict.get(input.restricted ? 1 : 0, id) as RequestRow | undefined;
    if (!row) return undefined;
    event(id, { at: input.at, actor: input.actor, kind: 'restricted', detail: { restricted: input.restricted } });
    return toRequest(row);
  });

  const addEvent = db.transaction((id: string, e: NewRequestEvent) => (get(id) ? event(id, e) : undefined));

  const reportSystem = db.transaction((id: string, r: Parameters<Requests['reportSystem']>[1]) => {
    if (!get(id)) return false;
    s.report.run(id, r.system, r.status, toJson(r.data), r.reportedAt.toISOString());
    event(id, { at: r.reportedAt, actor: `system:${r.system}`, kind: 'system_report', detail: { status: r.status } });
    return true;
  });

  const saveExport = db.transaction((p: ExportPackage, actor: string) => {
    if (!get(p.requestId)) return false;
    s.saveExport.run(
      p.requestId,
      p.codeHash,
      Buffer.from(p.bytes),
      p.createdAt.toISOString(),
      p.expiresAt.toISOString(),
    );
    event(p.requestId, {
      at: p.createdAt,
      actor,
      kind: 'export_ready',
      detail: { expiresAt: p.expiresAt.toISOString() },
    });
    return true;
  });

  const minimiseCompleted = db.transaction((before: Date, at: Date) => {
    const ids = s.closedBefore.pluck().all(before.toISOString()) as string[];
    for (const id of ids) minimise(id, at);
    return ids.length;
  });

  const eraseEmail = db.transaction((hashes: readonly string[], keep: string, input: { at: Date; actor: string }) => {
    const others = (s.ofHashes.all(JSON.stringify(hashes)) as RequestRow[]).filter((r) => r.id !== keep);
    for (const r of others) minimise(r.id, input.at);
    if (get(keep))
      event(keep, { at: input.at, actor: input.actor, kind: 'erased', detail: { minimised: others.length } });
    return others.length;
  });

  return {
    submit: async (input) => submit(input),
    byVerificationToken: async (tokenHash, now) => maybe(s.byToken.get(tokenHash, now.toISOString())),
    verify: async (id, input) => verify(id, input),
    byId: async (id) => maybe(get(id)),
    byReference: async (reference) => maybe(s.byReference.get(reference)),
    list: async ({ statuses, limit, offset = 0 }) => {
      const params = {
        statuses: statusJson(statuses),
        limit: clampRequestPage(limit),
        offset: Math.max(0, Math.floor(offset)),
      };
      return (s.list.all(params) as RequestRow[]).map(toRequest);
    },
    count: async ({ statuses } = {}) => Number(s.count.pluck().get({ statuses: statusJson(statuses) }) ?? 0),
    ofEmailHashes: async (hashes) =>
      hashes.length === 0 ? [] : (s.ofHashes.all(JSON.stringify(hashes)) as RequestRow[]).map(toRequest),
    transition: async (id, input) => transition(id, input),
    extend: async (id, input) => extend(id, input),
    setRestricted: async (id, input) => setRestricted(id, input),
    addEvent: async (id, e) => addEvent(id, e),
    events: async (id) => (s.events.all(id) as EventRow[]).map(toEvent),
    reportSystem: async (id, report) => reportSystem(id, report),
    systemReports: async (id) => (s.reports.all(id) as ReportRow[]).map(toReport),
    saveExport: async (pkg, actor) => saveExport(pkg, actor),
    getExport: async (id, now) => {
      const row = s.getExport.get(id, now.toISOString()) as ExportRow | undefined;
      return row && toExport(row);
    },
    deleteExpiredExports: async (now) => s.expireExports.run(now.toISOString()).changes,
    deleteUnverified: async (before) => s.deleteUnverified.run(before.toISOString()).changes,
    minimiseCompleted: async (before, at = new Date()) => minimiseCompleted(before, at),
    eraseEmail: async (hashes, keep, input) => eraseEmail(hashes, keep, input),
  };
}

function maybe(row: unknown): PrivacyRequest | undefined {
  return row === undefined ? undefined : toRequest(row as RequestRow);
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

function toRequest(row: RequestRow | undefined): PrivacyRequest {
  if (!row) throw new Error('privacy request row missing');
  return {
    id: row.id,
    reference: row.reference,
    type: row.type,
    status: row.status,
    jurisdiction: row.jurisdiction,
    email: row.email,
    emailHash: row.email_hash,
    details: row.details,
    rectification: row.rectification,
    locale: row.locale,
    receivedAt: new Date(row.received_at),
    verifiedAt: date(row.verified_at),
    dueAt: date(row.due_at),
    extendedAt: date(row.extended_at),
    extensionReason: row.extension_reason,
    completedAt: date(row.completed_at),
    restricted: row.restricted === 1,
    minimisedAt: date(row.minimised_at),
  };
}

function toEvent(row: EventRow): RequestEvent {
  const detail: unknown = row.detail === null ? null : JSON.parse(row.detail);
  return { id: row.id, requestId: row.request_id, at: new Date(row.at), actor: row.actor, kind: row.kind, detail };
}

function toReport(row: ReportRow): SystemReport {
  const data: unknown = row.data === null ? null : JSON.parse(row.data);
  return {
    requestId: row.request_id,
    system: row.system,
    status: row.status,
    data,
    reportedAt: new Date(row.reported_at),
  };
}

function toExport(row: ExportRow): ExportPackage {
  return {
    requestId: row.request_id,
    codeHash: row.code_hash,
    bytes: new Uint8Array(row.bytes),
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}
