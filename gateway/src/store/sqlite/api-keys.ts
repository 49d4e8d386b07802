import type Database from 'better-sqlite3';
import type { ApiKey, ApiKeys, NewApiKey, Scope } from '../records.ts';

type Db = Database.Database;

interface ApiKeyRow {
  id: string;
  name: string;
  key_hash: string;
  prefix: string;
  scopes: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export function sqliteApiKeys(db: Db): ApiKeys {
  const insert = db.prepare<[string, string, string, string, string, string, string], ApiKeyRow>(
    `INSERT INTO api_keys (id, name, key_hash, prefix, scopes, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const byHash = db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE key_hash = ?');
  const all = db.prepare<[], ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at DESC, rowid DESC');
  const revoke = db.prepare<[string, string], ApiKeyRow>(
    'UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *',
  );
  const touch = db.prepare<[string, string]>('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
  return {
    async create(key: NewApiKey) {
      const row = insert.get(
        crypto.randomUUID(),
        key.name,
        key.keyHash,
        key.prefix,
        JSON.stringify(key.scopes),
        key.createdAt.toISOString(),
        key.createdBy,
      );
      if (!row) throw new Error('api_keys insert returned no row');
      return toApiKey(row);
    },
    async byHash(keyHash) {
      const row = byHash.get(keyHash);
      return row && toApiKey(row);
    },
    async list() {
      return all.all().map(toApiKey);
    },
    async revoke(id, at) {
      const row = revoke.get(at.toISOString(), id);
      return row && toApiKey(row);
    },
    async touch(id, at) {
      touch.run(at.toISOString(), id);
    },
  };
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as Scope[],
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  };
}
