// The access/portability package: one zip with data.json (everything, structured), one CSV per
// source that has records, and README.txt in plain words. Only a hash of its download code is kept.
import { type Cell, toCsv } from '../reports/csv.ts';
import { zip } from '../reports/zip.ts';
import type { PrivacyRequest, SystemReport } from '../store/records.ts';
import type { RequestDeps } from './context.ts';
import { answerFromOwnStores, type SourceAnswer } from './own-stores.ts';

export interface BuiltExport {
  /** The zip: data.json, one CSV per source, README.txt. */
  bytes: Uint8Array;
  /** The download code for the completion mail; only its hash is stored. */
  code: string;
  expiresAt: Date;
}

const DAY_MS = 86_400_000;
/** No 0/O and no 1/I: easy to read out of an email and type. 32 symbols, so `byte & 31` is unbiased. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const DOWNLOAD_CODE_LENGTH = 10;

/** A fresh 10-character download code (50 bits). */
export function newDownloadCode(): string {
  let code = '';
  for (const b of crypto.getRandomValues(new Uint8Array(DOWNLOAD_CODE_LENGTH))) code += CODE_ALPHABET.charAt(b & 31);
  return code;
}

/** What a person typed, as the code it stands for: case, spaces and dashes do not matter. */
export function normaliseDownloadCode(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/**
 * Hex SHA-256 of `<request id>:<code>`: the stored form of a download code. Binding it to the
 * request means one precomputed table cannot serve every package.
 */
export async function downloadCodeHash(requestId: string, code: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${requestId}:${code}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Builds the access/portability package from Candor's own answers and the systems' reports,
 * stores it (only the code's hash) and returns it with the code for the mail.
 */
export async function buildAndStoreExport(
  deps: RequestDeps,
  request: PrivacyRequest,
  reports: readonly SystemReport[],
): Promise<BuiltExport> {
  const now = new Date(deps.now());
  const answers = [...(await answerFromOwnStores(deps, request)), ...reports.map(systemAnswer)];
  const bytes = await exportZip(request, answers, reports, now);
  const code = newDownloadCode();
  const expiresAt = new Date(now.getTime() + deps.config.retention.exportPackageDays * DAY_MS);
  const codeHash = await downloadCodeHash(request.id, code);
  const saved = await deps.records.requests.saveExport(
    { requestId: request.id, codeHash, bytes, createdAt: now, expiresAt },
    'system',
  );
  if (!saved) throw new Error(`request ${request.reference} no longer exists; its export was not stored`);
  return { bytes, code, expiresAt };
}

const SYSTEM_STATUS_WORDS: Record<SystemReport['status'], string> = {
  done: 'sent us the data it holds about you, listed here',
  not_found: 'holds no data about you',
  failed: 'could not answer; our privacy team follows this up',
  pending: 'has not answered yet; our privacy team follows this up',
};

/** A connected system's report as a source: its data as records, whatever shape it was sent in. */
export function systemAnswer(report: SystemReport): SourceAnswer {
  const data = report.data;
  const items = data === null || data === undefined ? [] : Array.isArray(data) ? data : [data];
  return {
    source: report.system,
    summary: `Our system "${report.system}" ${SYSTEM_STATUS_WORDS[report.status]}.`,
    records: items.map((item) => (isPlainObject(item) ? item : { value: item })),
  };
}

/** The zip's bytes: data.json, a CSV per source with records, README.txt. */
export async function exportZip(
  request: PrivacyRequest,
  answers: readonly SourceAnswer[],
  reports: readonly SystemReport[],
  now: Date,
): Promise<Uint8Array<ArrayBuffer>> {
  const encode = (text: string) => new TextEncoder().encode(text);
  const statusOf = new Map(reports.map((r) => [r.system, r]));
  const data = {
    format: 'candor-export/1',
    generated_at: now.toISOString(),
    request: {
      reference: request.reference,
      type: request.type,
      email: request.email,
      received_at: request.receivedAt.toISOString(),
      verified_at: request.verifiedAt?.toISOString() ?? null,
      due_at: request.dueAt?.toISOString() ?? null,
    },
    sources: answers.map((a) => {
      const report = statusOf.get(a.source);
      return {
        source: a.source,
        kind: report ? 'connected_system' : 'candor',
        ...(report ? { status: report.status, reported_at: report.reportedAt.toISOString() } : {}),
        summary: a.summary,
        records: a.records,
      };
    }),
  };
  const csvFiles = csvNames(answers.filter((a) => a.records.length > 0));
  const entries = [
    { name: 'README.txt', data: encode(readme(request, answers, csvFiles, now)) },
    { name: 'data.json', data: encode(`${JSON.stringify(data, null, 2)}\n`) },
    ...[...csvFiles].map(([file, answer]) => ({ name: file, data: encode(recordsCsv(answer.records)) })),
  ];
  return zip(entries, now);
}

/** File name per source: safe characters only, unique even if two sources clean up the same. */
function csvNames(answers: readonly SourceAnswer[]): Map<string, SourceAnswer> {
  const files = new Map<string, SourceAnswer>();
  for (const answer of answers) {
    const base = answer.source.replace(/[^A-Za-z0-9._-]+/g, '_') || 'source';
    let name = `${base}.csv`;
    for (let n = 2; files.has(name); n++) name = `${base}-${n}.csv`;
    files.set(name, answer);
  }
  return files;
}

/** Records as CSV: nested objects become `a.b` columns, in order of first appearance. */
export function recordsCsv(records: readonly Record<string, unknown>[]): string {
  const rows = records.map((r) => flatten(r));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return toCsv(columns, rows);
}

export function flatten(value: Record<string, unknown>, prefix = '', out: Record<string, Cell> = {}) {
  for (const [key, v] of Object.entries(value)) {
    const column = `${prefix}${key}`;
    if (isPlainObject(v)) flatten(v, `${column}.`, out);
    else out[column] = cell(v);
  }
  return out;
}

function cell(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join('; ');
  return JSON.stringify(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** What each of Candor's own columns means; a connected system's columns are its own. */
const FIELDS: Record<string, [string, string][]> = {
  'candor.suppressions': [
    ['list', 'the mailing list you left ("all" means every marketing email)'],
    ['list_name', 'the name of that list'],
    ['since', 'when you left it (UTC)'],
    ['source', 'how you left it, as a code'],
    ['how', 'the same, in words'],
  ],
  'candor.requests': [
    ['reference', 'the reference of the request, as in our emails'],
    ['type', 'what you asked for: access, rectify, erase, restrict, port or object'],
    ['status', 'where it stands or how it ended'],
    [
      'received_at, verified_at, due_at, completed_at',
      'when we got it, when you confirmed it, when it was due, when we answered (UTC)',
    ],
  ],
  'candor.mail': [
    ['request', 'the reference of the request the email was about'],
    ['queued_at', 'when it was sent to our mail server (UTC)'],
    ['subject', 'its subject line'],
  ],
};

function readme(
  request: PrivacyRequest,
  answers: readonly SourceAnswer[],
  csvFiles: ReadonlyMap<string, SourceAnswer>,
  now: Date,
): string {
  const lines = [
    `The data we hold about you`,
    `==========================`,
    '',
    `Request ${request.reference} (${request.type}), prepared ${now.toISOString()} (UTC).`,
    '',
    'Files in this package',
    '---------------------',
    'README.txt',
    '  This explanation.',
    'data.json',
    '  Everything below in one structured file, for import into another service: "request" (your',
    '  request: reference, kind, your email address, dates) and "sources" (each place we looked:',
    '  "source", "kind" (candor or connected_system), for a connected system its "status" and',
    '  "reported_at", "summary" in words, and "records", the data itself).',
  ];
  for (const [file, answer] of csvFiles) {
    lines.push(file, `  The records of "${answer.source}" as a spreadsheet, one row each.`);
  }
  lines.push('', 'Where we looked', '---------------');
  for (const answer of answers) {
    lines.push('', `${answer.source}`, wrap(answer.summary));
    const fields = FIELDS[answer.source];
    if (fields && answer.records.length > 0) {
      for (const [name, meaning] of fields) lines.push(wrap(`- ${name}: ${meaning}.`, '  ', '    '));
    } else if (!answer.source.startsWith('candor.') && answer.records.length > 0) {
      lines.push(
        wrap('- The columns are named as that system names them; nested fields are joined with a dot.', '  ', '    '),
      );
    }
  }
  lines.push(
    '',
    'Dates are in UTC (ISO 8601). In the spreadsheets, a cell that starts with = + - or @ has a',
    "leading ' so that no spreadsheet program runs it as a formula.",
    '',
  );
  return lines.join('\r\n');
}

/** Wraps a paragraph at 92 characters for reading in a plain text editor. */
function wrap(text: string, indent = '', hanging = indent): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > 92) {
      out.push(line);
      line = `${hanging}${word}`;
    } else line = line ? `${line} ${word}` : `${indent}${word}`;
  }
  if (line) out.push(line);
  return out.join('\r\n');
}
