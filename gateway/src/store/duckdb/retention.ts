import type { DuckDBConnection } from '@duckdb/node-api';
import type { ExpiredEvents } from '../events.ts';
import { transaction } from './visits.ts';

const CUTOFF = 'make_timestamptz($before::BIGINT)';
/** The sealed visits that began before the cut-off: retention removes each of them whole. */
const OLD_VISITS = `SELECT session_id FROM visits WHERE first < ${CUTOFF}`;

/**
 * Deletes the analytics older than `before`, in one transaction: the events, and each sealed visit
 * (with its pages and every one of its events) that began before it, so a visit straddling the
 * cut-off goes whole instead of leaving half a visit that reports would count differently.
 * Dropped-event counts go by their day (UTC).
 */
export async function deleteEventsBefore(conn: DuckDBConnection, before: Date): Promise<ExpiredEvents> {
  const params = { before: BigInt(before.getTime()) * 1000n };
  const changed = async (sql: string, values: Record<string, bigint | string> = params) =>
    Number((await conn.run(sql, values)).rowsChanged);
  return transaction(conn, async () => {
    const events = await changed(`DELETE FROM events WHERE time < ${CUTOFF} OR session_id IN (${OLD_VISITS})`);
    const visitPages = await changed(`DELETE FROM visit_pages WHERE first < ${CUTOFF}`);
    const visits = await changed(`DELETE FROM visits WHERE first < ${CUTOFF}`);
    const droppedCounts = await changed('DELETE FROM dropped_events WHERE day < $day::DATE', {
      day: before.toISOString().slice(0, 10),
    });
    return { events, visits, visitPages, droppedCounts };
  });
}
