import type Database from 'better-sqlite3';
import { consentDays, foldConsentStats } from '../consent-stats.ts';
import {
  type ConsentAction,
  type ConsentRecord,
  type ConsentRecords,
  type NewConsentRecord,
  OPTIONAL_CATEGORIES,
} from '../records.ts';

interface ConsentRow {
  consent_id: string;
  action: ConsentAction;
  granted: string;
  denied: string;
  revision: string;
  config_hash: string;
  locale: string;
  gpc: number;
  path: string;
  recorded_at: string;
}

/** The UTC instants [start, end) around the whole range, as ISO strings. */
interface Window {
  start: string;
  end: string;
}

export function sqliteConsentRecords(db: Database.Database): ConsentRecords {
  const insert = db.prepare<[string, string, string, string, string, string, string, number, string, string]>(
    `INSERT INTO consent_records
       (consent_id, action, granted, denied, revision, config_hash, locale, gpc, path, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], ConsentRow>('SELECT * FROM consent_records WHERE consent_id = ? ORDER BY seq');
  // The days arrive as a JSON array of [day, start, end]; ISO strings compare as instants, and the
  // range condition lets SQLite use the recorded_at index.
  const byDayAction = db.prepare<[Window & { bounds: string }], { day: string; action: ConsentAction; n: number }>(
    `WITH days AS (
       SELECT value ->> 0 AS day, value ->> 1 AS start, value ->> 2 AS end FROM json_each(@bounds)
     )
     SELECT days.day, c.action, count(*) AS n
     FROM consent_records c JOIN days ON c.recorded_at >= days.start AND c.recorded_at < days.end
     WHERE c.recorded_at >= @start AND c.recorded_at < @end
     GROUP BY days.day, c.action`,
  );
  const granted = db.prepare<[Window & { categories: string }], { category: string; n: number }>(
    `SELECT g.value AS category, count(DISTINCT c.seq) AS n
     FROM consent_records c, json_each(c.granted) g
     WHERE c.recorded_at >= @start AND c.recorded_at < @end
       AND g.value IN (SELECT value FROM json_each(@categories))
     GROUP BY g.value`,
  );
  // Uses the recorded_at index; the table's triggers forbid updates, not retention's deletes.
  const expire = db.prepare<[string]>('DELETE FROM consent_records WHERE recorded_at < ?');
  return {
    async append(record: NewConsentRecord) {
      const recordedAt = new Date();
      insert.run(
        record.consentId,
        record.action,
        JSON.stringify(record.granted),
        JSON.stringify(record.denied),
        record.revision,
        record.configHash,
        record.locale,
        record.gpc ? 1 : 0,
        record.path,
        recordedAt.toISOString(),
      );
      return { ...record, recordedAt };
    },
    async history(consentId) {
      return byId.all(consentId).map(toRecord);
    },
    async stats(range) {
      const days = consentDays(range);
      const start = days[0]?.start.toISOString() ?? '';
      const end = days.at(-1)?.end.toISOString() ?? '';
      const bounds = JSON.stringify(days.map((d) => [d.day, d.start.toISOString(), d.end.toISOString()]));
      const categories = JSON.stringify(OPTIONAL_CATEGORIES);
      return foldConsentStats(days, byDayAction.all({ bounds, start, end }), granted.all({ start, end, categories }));
    },
    async deleteBefore(before) {
      return expire.run(before.toISOString()).changes;
    },
  };
}

function toRecord(row: ConsentRow): ConsentRecord {
  return {
    consentId: row.consent_id,
    action: row.action,
    granted: JSON.parse(row.granted) as string[],
    denied: JSON.parse(row.denied) as string[],
    revision: row.revision,
    configHash: row.config_hash,
    locale: row.locale,
    gpc: row.gpc === 1,
    path: row.path,
    recordedAt: new Date(row.recorded_at),
  };
}
