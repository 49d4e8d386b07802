/**
 * Calendar arithmetic for reports. A day is a `YYYY-MM-DD` string in the report's time zone; the
 * store gets UTC instants computed here with Intl, so no query depends on the database's own
 * time-zone data (and no per-row time-zone conversion runs).
 */

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written as YYYY-MM-DD (so 2026-02-30 is false). */
export function isDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return !Number.isNaN(ms) && formatDay(ms) === value && Number(m[1]) >= 1970;
}

/** Days since 1970-01-01 of a YYYY-MM-DD string (already validated). */
export function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function addDays(day: string, n: number): string {
  return formatDay((dayNumber(day) + n) * DAY_MS);
}

/** Inclusive count of days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** Monday of the week that holds `day` (ISO weeks). */
export function mondayOf(day: string): string {
  const n = dayNumber(day);
  // 1970-01-01 was a Thursday: (n + 3) mod 7 is the days since Monday.
  return addDays(day, -(((n + 3) % 7) + 7) % 7);
}

export function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/** The first day of the month `n` months after the month of `day`. */
export function addMonths(day: string, n: number): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1 + n;
  return formatDay(Date.UTC(year + Math.floor(month / 12), ((month % 12) + 12) % 12, 1));
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the IANA zone. */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of an instant in a zone, as if it were UTC (ms). */
function wallClock(ms: number, tz: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(ms)) parts[p.type] = Number(p.value);
  return Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour, parts.minute, parts.second);
}

/** The zone's offset from UTC at an instant, in ms (Berlin in winter: +3,600,000). */
export function offsetAt(ms: number, tz: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClock(whole, tz) - whole;
}

/**
 * The first instant at which the zone's clock reads `day` at `hour`:00. In a spring-forward gap
 * (that hour does not exist) it is the instant the clock jumps past it.
 */
export function instantOf(day: string, hour: number, tz: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000;
  const before = offsetAt(wall - DAY_MS, tz);
  const after = offsetAt(wall + DAY_MS, tz);
  // With one offset around, the answer is plain; around a transition, try both and keep the
  // earliest candidate whose clock reads the wanted time (the first of a repeated hour).
  const candidates = [wall - before, wall - after].filter((t) => wallClock(t, tz) === wall).sort((a, b) => a - b);
  if (candidates[0] !== undefined) return new Date(candidates[0]);
  // A gap (spring forward): the clock skips this time; `wall - before` is when it jumps.
  return new Date(Math.max(wall - before, wall - after));
}

/** The calendar day of an instant in a zone. */
export function dayIn(ms: number, tz: string): string {
  return formatDay(wallClock(ms, tz));
}
