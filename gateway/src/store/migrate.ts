/** One forward-only schema change. Ids are consecutive from 1 and never reused or edited. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Thrown when the database was written by a newer Candor than this one. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

/** The migrations still to apply, in order, after checking the list and the applied version. */
export function pendingMigrations(
  all: readonly Migration[],
  appliedIds: readonly number[],
  store: string,
): Migration[] {
  all.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`${store} migration list is out of order at "${m.name}"`);
  });
  const newest = Math.max(0, ...appliedIds);
  if (newest > all.length) {
    throw new SchemaTooNewError(
      `${store} schema is at version ${newest}, but this Candor knows only ${all.length}; upgrade Candor or restore a backup`,
    );
  }
  const applied = new Set(appliedIds);
  return all.filter((m) => !applied.has(m.id));
}
