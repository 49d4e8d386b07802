/** Removes the rows that match, in place (the memory twins' retention deletes); returns how many. */
export function dropWhere<T>(rows: T[], match: (row: T) => boolean): number {
  let kept = 0;
  for (const row of rows) if (!match(row)) rows[kept++] = row;
  const removed = rows.length - kept;
  rows.length = kept;
  return removed;
}
