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

/** The sessions whose first event is in [from, before), aggregated from their events. */
const INSERT_VISITS = `INSERT INTO visits
  WITH e AS (
    SELECT *, ${KIND} FROM events
    WHERE time >= ${ts('from')}
      AND session_id IN (
        SELECT session_id FROM events WHERE time >= ${ts('from')}
        GROUP BY session_id HAVING min(time) < ${ts('before')})
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
 * Seals every session that ended before `now - SEAL_AFTER_MS`, in one transaction. Running it
 * again with the same `now` changes nothing.
 */
export async function sealVisits(conn: DuckDBConnection, now: Date): Promise<SealState> {
  const cutoffUs = BigInt(now.getTime() - SEAL_AFTER_MS) * 1000n;
  return transaction(conn, async () => {
    const state = await readState(conn);
    // W moves to the cutoff, or to the first event of the earliest session still open.
    const open = await conn.runAndReadAll(
      `SELECT epoch_us(min(first)) AS first FROM (
        SELECT min(time) AS first, max(time) AS last FROM events
        WHERE time >= ${ts('from')}
          AND session_id NOT IN (SELECT session_id FROM visits WHERE last >= ${ts('from')})
        GROUP BY session_id
      ) WHERE last >= ${ts('cutoff')}`,
      { from: state.beforeUs, cutoff: cutoffUs },
    );
    const openFirst = open.getRowObjects()[0]?.first;
    let beforeUs = cutoffUs;
    if (openFirst !== null && openFirst !== undefined && BigInt(String(openFirst)) < beforeUs) {
      beforeUs = BigInt(String(openFirst));
    }
    if (beforeUs <= state.beforeUs) return state;
    const range = { from: state.beforeUs, before: beforeUs };
    await conn.run(INSERT_VISITS, range);
    await conn.run(INSERT_PAGES, range);
    const next = { beforeUs, cutoffUs: cutoffUs > state.cutoffUs ? cutoffUs : state.cutoffUs };
    await conn.run('UPDATE visits_sealed SET before_us = $b, cutoff_us = $c WHERE id = 1', {
      b: next.beforeUs,
      c: next.cutoffUs,
    });
    return next;
  });
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
