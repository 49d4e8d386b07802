// Rows of the privacy-request tables and their mapping to the port's types.
import type {
  ExportPackage,
  Jurisdiction,
  PrivacyRequest,
  RequestEvent,
  RequestEventKind,
  RequestStatus,
  RequestType,
  SystemReport,
  SystemReportStatus,
} from '../records.ts';

export interface RequestRow {
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

export interface EventRow {
  id: number;
  request_id: string;
  at: string;
  actor: string;
  kind: RequestEventKind;
  detail: string | null;
}

export interface ReportRow {
  request_id: string;
  system: string;
  status: SystemReportStatus;
  data: string | null;
  reported_at: string;
}

export interface ExportRow {
  request_id: string;
  code_hash: string;
  bytes: Buffer;
  created_at: string;
  expires_at: string;
}

export function maybe(row: unknown): PrivacyRequest | undefined {
  return row === undefined ? undefined : toRequest(row as RequestRow);
}

export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

export function toRequest(row: RequestRow | undefined): PrivacyRequest {
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

export function toEvent(row: EventRow): RequestEvent {
  const detail: unknown = row.detail === null ? null : JSON.parse(row.detail);
  return { id: row.id, requestId: row.request_id, at: new Date(row.at), actor: row.actor, kind: row.kind, detail };
}

export function toReport(row: ReportRow): SystemReport {
  const data: unknown = row.data === null ? null : JSON.parse(row.data);
  return {
    requestId: row.request_id,
    system: row.system,
    status: row.status,
    data,
    reportedAt: new Date(row.reported_at),
  };
}

export function toExport(row: ExportRow): ExportPackage {
  return {
    requestId: row.request_id,
    codeHash: row.code_hash,
    bytes: new Uint8Array(row.bytes),
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}
