import type Database from 'better-sqlite3';
import type { ConsentAction, ConsentRecord, ConsentRecords, NewConsentRecord } from '../records.ts';

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

export function sqliteConsentRecords(db: Database.Database): ConsentRecords {
  const insert = db.prepare<[string, string, string, string, string, string, string, number, string, string]>(
    `INSERT INTO consent_records
       (consent_id, action, granted, denied, revision, config_hash, locale, gpc, path, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], ConsentRow>('SELECT * FROM consent_records WHERE consent_id = ? ORDER BY seq');
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
