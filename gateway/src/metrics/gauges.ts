import type { IngestMetrics } from '../analytics/metrics.ts';
import { CLOSED_STATUSES, REQUEST_STATUSES, type RecordStore } from '../store/records.ts';
import type { Family, Histogram, Sample } from './text.ts';

/** Process figures from the runtime entry (Node: RSS and event-loop delay); the core reads no OS API. */
export interface RuntimeStats {
  residentMemoryBytes: number;
  eventLoopLagSeconds: number;
  /** The 99th percentile of the event-loop delay over the same interval; 0 when unknown. */
  eventLoopLagP99Seconds?: number;
  /** The V8 heap in use and reserved (`process.memoryUsage()`), to tell heap from native growth. */
  heapUsedBytes?: number;
  heapTotalBytes?: number;
  /** Memory of C++ objects bound to JS objects (Buffers and the like). */
  externalBytes?: number;
}

/** The in-process instruments, built once and fed by the middleware and the store wrappers. */
export interface GatewayMetrics {
  /** Request latency by method, route pattern and status class. */
  readonly http: Histogram;
  /** How long each batch insert into the EventStore took (one buffer flush). */
  readonly flush: Histogram;
  /** Consent records appended since the process started. */
  consentRecords: number;
}

export interface MetricsSources {
  gateway: GatewayMetrics;
  ingest: IngestMetrics;
  bufferDepth(): number;
  records: RecordStore;
  now(): number;
  runtime?: () => RuntimeStats;
  /** The event store's own memory accounting by tag (DuckDB's), when it has one. */
  storeMemory?: () => Promise<readonly { tag: string; bytes: number }[]>;
}

/** Open requests past their due date are counted page by page (the list is due date first). */
const OVERDUE_PAGE = 500;
const OPEN_STATUSES = REQUEST_STATUSES.filter((s) => s !== 'unverified' && !CLOSED_STATUSES.includes(s));

/**
 * Every family, read at scrape time: counters from memory, queue and request figures from
 * count queries on the RecordStore. Labels are fixed enums or route patterns, never personal data.
 */
export async function collectFamilies(src: MetricsSources): Promise<Family[]> {
  const { records, ingest } = src;
  const [outbox, mail, suppressions, requests, overdue] = await Promise.all([
    records.outbox.counts(),
    records.mailQueue.counts(),
    records.suppressions.count(),
    Promise.all(REQUEST_STATUSES.map(async (s) => [s, await records.requests.count({ statuses: [s] })] as const)),
    countOverdue(records, new Date(src.now())),
  ]);
  const dropped: Sample[] = [...ingest.dropped].map(([reason, value]) => ({ labels: { reason }, value }));
  dropped.push({ labels: { reason: 'buffer_full' }, value: ingest.shed });
  const families: Family[] = [
    counter('candor_events_accepted_total', 'Analytics events accepted since start.', [{ value: ingest.accepted }]),
    counter('candor_events_dropped_total', 'Analytics events not stored since start, by reason.', dropped),
    gauge('candor_event_buffer_depth', 'Accepted events waiting in memory for the next flush.', src.bufferDepth()),
    {
      name: 'candor_event_flush_seconds',
      help: 'Time to write one buffered batch to the event store.',
      type: 'histogram',
      samples: src.gateway.flush.samples(),
    },
    counter('candor_event_flush_failures_total', 'Buffer flushes that failed and will be retried.', [
      { value: ingest.flushFailures },
    ]),
    counter('candor_consent_records_total', 'Consent records stored since start (in-process counter).', [
      { value: src.gateway.consentRecords },
    ]),
    gauge('candor_unsubscribes_total', 'Suppressions (unsubscribed addresses and lists) on record.', suppressions),
    {
      name: 'candor_privacy_requests',
      help: 'Privacy requests on record, by status.',
      type: 'gauge',
      samples: requests.map(([status, value]) => ({ labels: { status }, value })),
    },
    gauge('candor_privacy_requests_overdue', 'Open privacy requests past their due date.', overdue),
    byStatus('candor_outbox_messages', 'Webhook outbox messages, by status.', outbox),
    byStatus('candor_mail_queue_messages', 'Queued mail to requesters, by status.', mail),
    {
      name: 'candor_http_request_duration_seconds',
      help: 'HTTP request latency by method, matched route pattern and status class.',
      type: 'histogram',
      samples: src.gateway.http.samples(),
    },
  ];
  const runtime = src.runtime?.();
  if (runtime) families.push(...runtimeFamilies(runtime));
  if (src.storeMemory) families.push(storeMemoryFamily(await src.storeMemory()));
  return families;
}

/** The event store's memory by DuckDB tag: cached table blocks, appends not yet checkpointed, query state. */
export function storeMemoryFamily(rows: readonly { tag: string; bytes: number }[]): Family {
  return {
    name: 'candor_event_store_memory_bytes',
    help: 'Memory the event store (DuckDB) accounts for, by its tag.',
    type: 'gauge',
    samples: rows.map(({ tag, bytes }) => ({ labels: { tag }, value: bytes })),
  };
}

/** Process gauges; the heap ones only when the runtime reports them. */
export function runtimeFamilies(runtime: RuntimeStats): Family[] {
  const families = [
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', runtime.residentMemoryBytes),
    gauge('nodejs_eventloop_lag_seconds', 'Mean event-loop delay over the last interval.', runtime.eventLoopLagSeconds),
    gauge(
      'nodejs_eventloop_lag_p99_seconds',
      'The 99th percentile of the event-loop delay over the last interval.',
      runtime.eventLoopLagP99Seconds ?? 0,
    ),
  ];
  const optional = [
    ['nodejs_heap_size_used_bytes', 'V8 heap in use, in bytes.', runtime.heapUsedBytes],
    ['nodejs_heap_size_total_bytes', 'V8 heap reserved, in bytes.', runtime.heapTotalBytes],
    ['nodejs_external_memory_bytes', 'Memory of C++ objects bound to JS objects, in bytes.', runtime.externalBytes],
  ] as const;
  for (const [name, help, value] of optional) if (value !== undefined) families.push(gauge(name, help, value));
  return families;
}

async function countOverdue(records: RecordStore, now: Date): Promise<number> {
  let overdue = 0;
  for (let offset = 0; ; offset += OVERDUE_PAGE) {
    const page = await records.requests.list({ statuses: OPEN_STATUSES, limit: OVERDUE_PAGE, offset });
    for (const r of page) {
      if (r.dueAt === null || r.dueAt >= now) return overdue;
      overdue++;
    }
    if (page.length < OVERDUE_PAGE) return overdue;
  }
}

function counter(name: string, help: string, samples: Family['samples']): Family {
  return { name, help, type: 'counter', samples };
}

function gauge(name: string, help: string, value: number): Family {
  return { name, help, type: 'gauge', samples: [{ value }] };
}

function byStatus(name: string, help: string, counts: Record<string, number>): Family {
  return {
    name,
    help,
    type: 'gauge',
    samples: Object.entries(counts).map(([status, value]) => ({ labels: { status }, value })),
  };
}
