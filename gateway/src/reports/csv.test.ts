import { describe, expect, it } from 'vitest';
import { breakdownCsv, summaryCsv, toCsv } from './csv.ts';
import type { BreakdownReport, SummaryReport } from './service.ts';

describe('toCsv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
    ['=1+2', "'=1+2"],
    ['+49 40', "'+49 40"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['/a=b', '/a=b'],
  ])('writes %j as %j', (value, cell) => {
    expect(toCsv(['v'], [{ v: value }])).toBe(`v\r\n${cell}\r\n`);
  });

  it('writes numbers as they are, missing cells empty, in column order', () => {
    expect(toCsv(['b', 'a', 'c'], [{ a: 1, b: 0.3333, c: null }, { a: -2 }])).toBe('b,a,c\r\n0.3333,1,\r\n,-2,\r\n');
  });
});

const meta = { site: 'demo', from: '2026-11-20', to: '2026-11-20', tz: 'UTC', filters: '', goal: null };
const metrics = {
  visitors: 3,
  visits: 4,
  pageviews: 7,
  views_per_visit: 1.75,
  bounce_rate: 0.5,
  visit_duration: 54,
  events: 3,
};

describe('report CSVs', () => {
  it('summary without a comparison', () => {
    const report: SummaryReport = { ...meta, results: metrics, dropped_events: { total: 2, reasons: { bot: 2 } } };
    expect(summaryCsv(report)).toBe(
      'from,to,visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration,events,dropped_events\r\n' +
        '2026-11-20,2026-11-20,3,4,7,1.75,0.5,54,3,2\r\n',
    );
  });

  it('breakdown with a comparison adds previous_* columns, the value once', () => {
    const report: BreakdownReport = {
      ...meta,
      property: 'source',
      columns: ['value', 'visitors', 'visits'],
      page: 1,
      limit: 100,
      more: false,
      results: [
        { value: 'Google', visitors: 3, visits: 3 },
        { value: 'a,b', visitors: 1, visits: 1 },
      ],
      comparison: {
        from: '2026-11-19',
        to: '2026-11-19',
        results: [
          { value: 'Google', visitors: 1, visits: 2 },
          { value: 'a,b', visitors: 0, visits: 0 },
        ],
      },
    };
    expect(breakdownCsv(report)).toBe(
      'value,visitors,visits,previous_visitors,previous_visits\r\nGoogle,3,3,1,2\r\n"a,b",1,1,0,0\r\n',
    );
  });
});
