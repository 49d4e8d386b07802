/**
 * Random daily salts, one per site and calendar day in the site's time zone, held in memory only.
 * A site keeps today's salt and yesterday's (so a session can span midnight); anything older is
 * dropped, so a salt lives at most 48 hours. Nothing here is ever written anywhere: a restart
 * starts new salts (a documented overcount of that day's visitors).
 */
export class DailySalts {
  readonly #bySite = new Map<string, Map<string, string>>();

  /** The salt for `site` on `day` (YYYY-MM-DD), created on first use. */
  get(site: string, day: string): string {
    let days = this.#bySite.get(site);
    if (!days) {
      days = new Map();
      this.#bySite.set(site, days);
    }
    let salt = days.get(day);
    if (salt === undefined) {
      salt = randomHex(32);
      days.set(day, salt);
      prune(days);
    }
    return salt;
  }

  /** Yesterday's salt, if this process has one; never creates it. */
  peek(site: string, day: string): string | undefined {
    return this.#bySite.get(site)?.get(day);
  }

  /** Drops every salt older than yesterday for each site, given each site's current day. */
  rotate(todayBySite: ReadonlyMap<string, string>): void {
    for (const [site, today] of todayBySite) {
      const days = this.#bySite.get(site);
      if (!days) continue;
      const yesterday = previousDay(today);
      for (const day of days.keys()) if (day !== today && day !== yesterday) days.delete(day);
    }
  }

  /** How many salts are held, for tests and metrics. */
  get size(): number {
    let n = 0;
    for (const days of this.#bySite.values()) n += days.size;
    return n;
  }
}

/** Keeps only the two latest days. */
function prune(days: Map<string, string>): void {
  if (days.size <= 2) return;
  const keep = [...days.keys()].sort().slice(-2);
  for (const day of days.keys()) if (!keep.includes(day)) days.delete(day);
}

export function previousDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let s = '';
  for (const b of buf) s += b.toString(16).padStart(2, '0');
  return s;
}
