import { BIGINT, type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type {
  Breakdown,
  BreakdownQuery,
  BreakdownRow,
  StatsStore,
  TimeseriesQuery,
  TimeseriesRow,
  Totals,
} from '../../reports/port.ts';
import { micros, Params, RESUMMED, rowPredicate, scanned, sessionsCte, TOTALS } from './reports-sql.ts';

/** Anything that opens a connection on the events database: a DuckDBInstance, or the EventStore. */
export interface DuckDbConnector {
  connect(): Promise<DuckDBConnection>;
}

const REALTIME_MS = 5 * 60 * 1000;

/**
 * The StatsStore over the DuckDB `events` table. It reads on a connection of its own on the same
 * database as the EventStore, so reports never wait behind a batch insert, and runs one query at
 * a time on it (DuckDB already spreads one query over every core).
 */
export async function createDuckDbStats(db: DuckDbConnector): Promise<StatsStore> {
  const conn = await db.connect();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  const rows = (sql: string, p: Params) =>
    serial(async () => (await conn.runAndReadAll(sql, p.values, p.types)).getRowObjects());

  return {
    async summary(q) {
      const p = new Params();
      const [row] = await rows(`WITH ${sessionsCte(q, p)} SELECT ${TOTALS} FROM s`, p);
      return totals(row ?? {});
    },

    async timeseries(q: TimeseriesQuery): Promise<TimeseriesRow[]> {
      const p = new Params();
      const starts = q.bucketStarts.map(micros);
      // Visits are summed per slot of their entry time first (cheap integer grouping), then each
      // slot joins the bucket that begins at or before it. Slots must divide every bucket start:
      // 15 minutes does for every time zone in use today; a historical odd offset gets seconds.
      const slot = [900_000_000n, 60_000_000n, 1_000_000n].find((s) => starts.every((b) => b % s === 0n)) ?? 1n;
      const sql = `WITH ${sessionsCte(q, p, { start: true })},
        slots AS (SELECT epoch_us(s.start) // ${p.add(slot)} * ${p.add(slot)} AS slot_us, ${TOTALS} FROM s GROUP BY slot_us),
        b AS (SELECT unnest(${p.add(listValue(starts), LIST(BIGINT))}) AS bucket)
        SELECT b.bucket, ${RESUMMED}
        FROM slots ASOF JOIN b ON slots.slot_us >= b.bucket
        GROUP BY b.bucket ORDER BY b.bucket`;
      return (await rows(sql, p)).map((r) => ({ bucketStart: new Date(Number(r.bucket) / 1000), ...totals(r) }));
    },

    async breakdown(q: BreakdownQuery): Promise<BreakdownRow[]> {
      const p = new Params();
      const sql =
        q.breakdown.kind === 'session' ? sessionBreakdown(q, p, q.breakdown) : eventBreakdown(q, p, q.breakdown);
      return (await rows(sql, p)).map((r) => ({
        value: String(r.value ?? ''),
        ...totals(r),
        pageEngagedMs: Number(r.page_engaged_ms ?? 0),
      }));
    },

    async realtime(site, now) {
      const p = new Params();
      const since = new Date(now.getTime() - REALTIME_MS);
      const sql = `SELECT count(DISTINCT session_id)::BIGINT AS n FROM events
        WHERE site = ${p.add(site)} AND time > make_timestamptz(${p.add(micros(since))})
          AND time <= make_timestamptz(${p.add(micros(now))})`;
      const [row] = await rows(sql, p);
      return Number(row?.n ?? 0);
    },

    async botCounts(q) {
      const p = new Params();
      const sql = `SELECT reason, sum(count)::BIGINT AS n FROM dropped_events
        WHERE site = ${p.add(q.site)} AND day BETWEEN ${p.add(q.from)}::DATE AND ${p.add(q.to)}::DATE
        GROUP BY reason ORDER BY reason`;
      const reasons: Record<string, number> = {};
      let total = 0;
      for (const r of await rows(sql, p)) {
        reasons[String(r.reason)] = Number(r.n);
        total += Number(r.n);
      }
      return { total, reasons };
    },

    close() {
      return serial(async () => conn.closeSync());
    },
  };
}

const ORDER = 'ORDER BY visitors DESC, visits DESC, value';

function page(q: BreakdownQuery, p: Params): string {
  if (q.values) return `HAVING list_contains(${p.add(listValue(q.values), LIST(VARCHAR))}, value)`;
  return `${ORDER} LIMIT ${p.add(BigInt(q.limit))} OFFSET ${p.add(BigInt(q.offset))}`;
}

/** Visits grouped by their own value of a session-level dimension. */
function sessionBreakdown(q: BreakdownQuery, p: Params, b: Extract<Breakdown, { kind: 'session' }>): string {
  const cte = sessionsCte(q, p, { dimension: b.dimension });
  return `WITH ${cte} SELECT s.value AS value, ${TOTALS} FROM s GROUP BY s.value ${page(q, p)}`;
}

/**
 * Pages, custom events, or one prop of one event: the matching rows are grouped per visit and
 * value, then joined to their visit, so a row counts each visit once with its visit-level totals.
 */
function eventBreakdown(q: BreakdownQuery, p: Params, b: Exclude<Breakdown, { kind: 'session' }>): string {
  const cte = sessionsCte(q, p, { keepId: true });
  let value: string;
  let rowsOf: string;
  if (b.kind === 'page') {
    value = 'path';
    rowsOf = `kind IN (1, 2) AND ${rowPredicate(q.filters, 'page', p)}`;
  } else if (b.kind === 'event') {
    value = 'name';
    rowsOf = `kind = 3 AND ${rowPredicate(q.filters, 'event', p)}`;
  } else {
    value = `coalesce(json_extract_string(props, ${p.add(`$."${b.key}"`)}), '')`;
    rowsOf = `name = ${p.add(b.event)} AND ${rowPredicate(q.filters, 'event', p)}`;
  }
  const scan = scanned(q, p);
  const restrict = page(q, p);
  return `WITH ${cte},
    v AS (
      SELECT session_id, ${value} AS value,
        count(*) FILTER (WHERE kind = 1) AS n,
        count(*) AS k,
        coalesce(sum(engaged_ms) FILTER (WHERE kind = 2), 0) AS pe
      FROM ${scan} WHERE ${rowsOf}
      GROUP BY ALL
    )
    SELECT v.value AS value,
      coalesce(sum(s.vd), 0)::BIGINT AS visitors,
      count(*)::BIGINT AS visits,
      coalesce(sum(v.n), 0)::BIGINT AS pageviews,
      count(*) FILTER (WHERE s.pv = 1)::BIGINT AS bounces,
      coalesce(sum(s.eng), 0)::BIGINT AS engaged_ms,
      coalesce(sum(v.k), 0)::BIGINT AS events,
      count(*) FILTER (WHERE s.conv)::BIGINT AS conversions,
      coalesce(sum(v.pe), 0)::BIGINT AS page_engaged_ms
    FROM v JOIN s USING (session_id)
    ${b.kind === 'page' ? 'WHERE v.n > 0' : ''}
    GROUP BY v.value ${restrict}`;
}

function totals(r: Record<string, unknown>): Totals {
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    visitors: n('visitors'),
    visits: n('visits'),
    pageviews: n('pageviews'),
    bounces: n('bounces'),
    engagedMs: n('engaged_ms'),
    events: n('events'),
    conversions: n('conversions'),
  };
}
