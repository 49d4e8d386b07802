/**
 * NoticeArchive: every banner notice the gateway has served, by its hash (the `configHash` a
 * consent record cites). Append-only: a notice is never changed, and the first time it was served
 * stays. It holds no personal data; it is the "what the visitor saw" half of the consent proof.
 */
export interface NoticeArchive {
  /** Keeps the notice, unless its hash is archived already. */
  remember(hash: string, notice: unknown, at: Date): Promise<void>;
  has(hash: string): Promise<boolean>;
  /** The archived notices among `hashes`; hashes never archived are absent from the map. */
  get(hashes: readonly string[]): Promise<Map<string, ArchivedNotice>>;
  /**
   * Retention: deletes notices first served before `before` that no consent record cites any more,
   * so a hash stays valid for as long as a record that cites it is kept. Returns how many.
   */
  deleteUncitedBefore(before: Date): Promise<number>;
}

export interface ArchivedNotice {
  hash: string;
  /** Null for a hash archived from records made before the archive existed (its notice is unknown). */
  notice: unknown;
  firstServedAt: Date;
}
