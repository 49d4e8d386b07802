import { type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';

/**
 * The `visits` table: one row per finished session, so reports stop grouping millions of events
 * by session id. A session is sealed once it is finished for good: sessions never resume after
 * 30 idle minutes (`analytics/visitors.ts`), and 5 more minutes cover a late flush.
 *
 * Invariant, with W = `visits_sealed.before_us`: a session is in `visits` exactly when its first
 * event is before W. Reports read `visits` and group only the events of the other sessions (all
 * at or after W, so few). Sealing moves W forward in one transaction; an insert that would break
 * the invariant (an event before W, or one for a sealed session) moves W back first and drops
 * the rows it no longer covers, in the insert's transaction. So nothing is counted twice or lost,
 * across restarts and crashes too.
 */
export const SEAL_AFTER_MS = 35 * 60 * 1000;
/** Sessions never resume after this much idle time. */
const IDLE_US = 30n * 60n * 1_000_000n;

export interface SealState {
  /** W, in epoch microseconds. */
  beforeUs: bigint;
  /** The newest cutoff a seal used: every sealed session ended before it. */
  cutoffUs: bigint;
}

export async function hasVisits(conn: DuckDBConnection): Promise<boolean> {
  const reader = await conn.runAndReadAll(
    "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'visits_sealed'",
  );
  return Number(reader.getRowObjects()[0]?.n ?? 0) > 0;
}

async function readState(conn: DuckDBConnection): Promise<SealState> {
  const reader = await conn.runAndReadAll('SELECT before_us, cutoff_us FROM visits_sealed WHERE id = 1');
  const row = reader.getRowObjects()[0];
  return { beforeUs: BigInt(String(row?.before_us ?? 0)), cutoffUs: BigInt(String(row?.cutoff_us ?? 0)) };
}

const ts = (name: string) => `make_timestamptz($${name}::BIGINT)`;
const KIND = "CASE name WHEN 'pageview' THEN 1 WHEN 'engagement' THEN 2 ELSE 3 END AS kind";
const entry = (column: string) => `coalesce(arg_min(${column}, time) FILTER (WHERE kind = 1), '') AS ${column}`;

/**
 * The sessions whose first event is in [from, before), aggregated from their events. A session
 * with an event in that range began in it, or before `from`, and then it is sealed already (in
 * `visits` with `last >= from`); so the sessions to seal are found among the range's events only,
 * and the statement's memory grows with the step, not with the backlog after it.
 */
const INSERT_VISITS = `INSERT INTO visits
  WITH e AS (
    SELECT *, ${KIND} FROM events
    WHERE time >= ${ts('from')}
      AND session_id IN (
        SELECT session_id FROM events WHERE time >= ${ts('from')} AND time < ${ts('before')})
      AND session_id NOT IN (SELECT session_id FROM visits WHERE last >= ${ts('from')})
  ),
  pg AS (
    SELECT session_id, list(path ORDER BY path) AS paths, list(n ORDER BY path) AS path_pv,
      list(pe ORDER BY path) AS path_eng
    FROM (
      SELECT session_id, path, count(*) FILTER (WHERE kind = 1)::INTEGER AS n,
        coalesce(sum(engaged_ms) FILTER (WHERE kind = 2), 0)::BIGINT AS pe
      FROM e WHERE kind IN (1, 2) GROUP BY session_id, path HAVING n > 0
    ) GROUP BY session_id
  ),
  nm AS (
    SELECT session_id, list(name ORDER BY name) AS names, list(n ORDER BY name) AS name_n
    FROM (SELECT session_id, name, count(*)::INTEGER AS n FROM e GROUP BY session_id, name) GROUP BY session_id
  ),
  g AS (
    SELECT session_id, any_value(site) AS site, min(time) AS first, max(time) AS last,
      coalesce(min(time) FILTER (WHERE kind = 1), min(time)) AS start,
      coalesce(arg_min(path, time) FILTER (WHERE kind = 1), '') AS entry_page,
      coalesce(arg_max(path, time) FILTER (WHERE kind = 1), '') AS exit_page,
      ${['source', 'referrer_host', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']
        .map(entry)
        .join(', ')},
      ${['country', 'browser', 'browser_version', 'os', 'device'].map(entry).join(', ')},
      count(*) FILTER (WHERE kind = 1)::INTEGER AS pv,
      count(*) FILTER (WHERE kind = 3)::INTEGER AS ev,
      coalesce(sum(engaged_ms), 0)::BIGINT AS eng,
      count(*) FILTER (WHERE first_of_day)::INTEGER AS vd
    FROM e GROUP BY session_id
  )
  SELECT g.*, coalesce(pg.paths, []), coalesce(pg.path_pv, []), coalesce(pg.path_eng, []), nm.names, nm.name_n
  FROM g JOIN nm USING (session_id) LEFT JOIN pg USING (session_id)
  ORDER BY g.first`;

const INSERT_PAGES = `INSERT INTO visit_pages
  SELECT site, first, last, unnest(paths), unnest(path_pv), unnest(path_eng), vd, pv, eng
  FROM visits WHERE first >= ${ts('from')} AND first < ${ts('before')} ORDER BY first`;

/**
 * How many events one sealing statement groups at most. A backlog (the first start after the
 * upgrade that added `visits`, or a long outage) is sealed in steps of this size, each its own
 * transaction, so the seal's memory stays bounded under a modest `memory_limit`: in one statement,
 * a 10M-event backlog ran out of memory at 256 MB; in steps of 100k it is sealed under 256 MB
 * (`BENCH_DUCKDB_MEMORY_LIMIT=256MB pnpm bench:reports`).
 */
export const SEAL_CHUNK_EVENTS = 100_000;

export interface SealStep {
  /** 1 for the first step of this seal. */
  step: number;
  /** The new W: every session that began before it is sealed. */
  sealedBefore: Date;
  /** Whether this step ends the seal. */
  last: boolean;
}

export interface SealOptions {
  /** The most events one step groups; default `SEAL_CHUNK_EVENTS`. */
  chunkEvents?: number;
  /** Called after each committed step, e.g. to show progress on a large backlog. */
  onStep?: (step: SealStep) => void;
}

/**
 * Seals every session that ended before `now - SEAL_AFTER_MS`. Running it again with the same
 * `now` changes nothing. A large backlog is sealed in steps of about `chunkEvents` events, each
 * committed on its own: W moves forward step by step, so the invariant holds after every commit
 * and a crash part-way keeps the steps already done.
 */
export async function sealVisits(conn: DuckDBConnection, now: Date, options: SealOptions = {}): Promise<SealState> {
  const chunkEvents = options.chunkEvents ?? SEAL_CHUNK_EVENTS;
  const cutoffUs = BigInt(now.getTime() - SEAL_AFTER_MS) * 1000n;
  let state = await readState(conn);
  const beforeUs = await sealableBefore(conn, state.beforeUs, cutoffUs);
  for (let step = 1; state.beforeUs < beforeUs; step++) {
    const from = state.beforeUs;
    const end = await stepEnd(conn, from, beforeUs, chunkEvents);
    state = await transaction(conn, async () => {
      const range = { from, before: end };
      await conn.run(INSERT_VISITS, range);
      await conn.run(INSERT_PAGES, range);
      const next = { beforeUs: end, cutoffUs: cutoffUs > state.cutoffUs ? cutoffUs : state.cutoffUs };
      await conn.run('UPDATE visits_sealed SET before_us = $b, cutoff_us = $c WHERE id = 1', {
        b: next.beforeUs,
        c: next.cutoffUs,
      });
      return next;
    });
    options.onStep?.({
      step,
      sealedBefore: new Date(Number(state.beforeUs / 1000n)),
      last: state.beforeUs >= beforeUs,
    });
  }
  return state;
}

/** The W a seal at `cutoffUs` may move to: the cutoff, or the first event of the earliest session still open. */
async function sealableBefore(conn: DuckDBConnection, fromUs: bigint, cutoffUs: bigint): Promise<bigint> {
  // A session is open when it has an event at or after the cutoff: only those are grouped.
  const open = await conn.runAndReadAll(
    `SELECT epoch_us(min(time)) AS first FROM events
     WHERE time >= ${ts('from')}
       AND session_id IN (SELECT session_id FROM events WHERE time >= ${ts('cutoff')})
       AND session_id NOT IN (SELECT session_id FROM visits WHERE last >= ${ts('from')})`,
    { from: fromUs, cutoff: cutoffUs },
  );
  const openFirst = open.getRowObjects()[0]?.first;
  if (openFirst !== null && openFirst !== undefined && BigInt(String(openFirst)) < cutoffUs) {
    return BigInt(String(openFirst));
  }
  return cutoffUs;
}

/**
 * The end of the next step from `fromUs`: just past the time of the `chunkEvents`-th event from
 * there, or `beforeUs` if fewer remain. Always after `fromUs`, so every step makes progress.
 */
async function stepEnd(conn: DuckDBConnection, fromUs: bigint, beforeUs: bigint, chunkEvents: number): Promise<bigint> {
  const range = { from: fromUs, before: beforeUs };
  const inRange = `FROM events WHERE time >= ${ts('from')} AND time < ${ts('before')}`;
  const counted = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n ${inRange}`, range);
  if (BigInt(String(counted.getRowObjects()[0]?.n ?? 0)) <= BigInt(chunkEvents)) return beforeUs;
  const reader = await conn.runAndReadAll(
    `SELECT epoch_us(time) AS t ${inRange} ORDER BY time LIMIT 1 OFFSET ${Math.max(0, Math.floor(chunkEvents) - 1)}`,
    range,
  );
  const t = reader.getRowObjects()[0]?.t;
  if (t === null || t === undefined) return beforeUs;
  const end = BigInt(String(t)) + 1n;
  return end < beforeUs ? end : beforeUs;
}

/**
 * Whether a batch whose earliest event is at `minUs` could touch a sealed session or fall
 * before W; otherwise (the normal case: events of the last seconds) nothing needs checking.
 */
export function mayTouchSealed(state: SealState, minUs: bigint): boolean {
  return minUs < state.beforeUs || minUs < state.cutoffUs + IDLE_US;
}

/**
 * Keeps the invariant for a batch that `mayTouchSealed`: moves W back to the batch's earliest
 * event or to the first event of a sealed session it continues, and unseals every visit from
 * there on. Runs inside the caller's transaction, after the batch is inserted.
 */
export async function unsealFor(
  conn: DuckDBConnection,
  state: SealState,
  minUs: bigint,
  sessionIds: readonly string[],
): Promise<SealState> {
  const reader = await conn.runAndReadAll(
    'SELECT epoch_us(min(first)) AS first FROM visits WHERE list_contains($ids, session_id)',
    { ids: listValue([...new Set(sessionIds)]) },
    { ids: LIST(VARCHAR) },
  );
  const sealedFirst = reader.getRowObjects()[0]?.first;
  let beforeUs = minUs;
  if (sealedFirst !== null && sealedFirst !== undefined && BigInt(String(sealedFirst)) < beforeUs) {
    beforeUs = BigInt(String(sealedFirst));
  }
  if (beforeUs >= state.beforeUs) return state;
  await conn.run(`DELETE FROM visits WHERE first >= ${ts('before')}`, { before: beforeUs });
  await conn.run(`DELETE FROM visit_pages WHERE first >= ${ts('before')}`, { before: beforeUs });
  await conn.run('UPDATE visits_sealed SET before_us = $b WHERE id = 1', { b: beforeUs });
  return { ...state, beforeUs };
}

export async function loadSealState(conn: DuckDBConnection): Promise<SealState | undefined> {
  return (await hasVisits(conn)) ? readState(conn) : undefined;
}

export async function transaction<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await conn.run('COMMIT');
    return result;
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
