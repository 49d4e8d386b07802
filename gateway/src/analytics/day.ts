/**
 * The calendar day (YYYY-MM-DD) of an instant in a time zone, for salts and daily uniques.
 * Time-zone offsets change only on minute boundaries, so the answer is memoised per minute.
 */
export function createDayOf(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  let minute = Number.NaN;
  let day = '';
  return (ms) => {
    const m = Math.floor(ms / 60_000);
    if (m !== minute) {
      minute = m;
      day = format.format(ms);
    }
    return day;
  };
}
