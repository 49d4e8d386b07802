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
    ['\tcmd', `"'\tcmd"`],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['/a=b', '/a=b'],
  ])('writes %j as %j', (value, cell) => {
    expect(toCsv(['v'], [{ v: value }])).toBe(`v\r\n${cell}\r\n`);
  });

  it.each([
    ['a;b', '"a;b"'],
    ["news;=cmd|' /C calc'!A0", `"news;'=cmd|' /C calc'!A0"`],
    ['a,@SUM(A1)', `"a,'@SUM(A1)"`],
    ['x; +1', `"x;' +1"`],
    ['a\t-2', `"a\t'-2"`],
    ['one\r\n=2', `"one\r\n'=2"`],
    ['  =1+1', "'  =1+1"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['2026-11-20;a-b', '"2026-11-20;a-b"'],
  ])('quotes %j and neutralises a formula in each piece: %j', (value, cell) => {
    expect(toCsv(['v'], [{ v: value }])).toBe(`v\r\n${cell}\r\n`);
  });

  // What a spreadsheet could make of a cell: split on every separator Excel's locales and import
  // dialog use (comma, semicolon, tab) and on line breaks, ignoring the quotes, then trimmed.
  const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
  const hostile = [
    "news;=cmd|' /C calc'!A0",
    "=cmd|' /C calc'!A0",
    'a;b;=1+1;c',
    'a,=1+1',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '+1;-1;@x',
    'ok\t=HYPERLINK("http://evil.example","x")',
    '"quoted";=1',
    'line\n-1\r+1\r\n@1',
    'x;  =1',
    ';=1',
    ';;',
    '\uFF1Dcmd',
    'a;\uFF0B1',
  ];
  it.each(hostile)('no piece of %j starts a formula, split any way', (value) => {
    const cell = (toCsv(['v'], [{ v: value }]).split('\r\n')[1] ?? '').replace(/^"|"$/g, '');
    for (const piece of cell.split(/[,;\t\r\n]/)) {
      expect(piece.replace(/^"+/, '').trimStart()).not.toMatch(FORMULA);
    }
  });

  it('keeps every character of a hostile value, only adding the prefixes', () => {
    for (const value of hostile) {
      const cell = toCsv(['v'], [{ v: value }]).slice(3, -2);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
      expect(unquoted.replaceAll("'", '')).toBe(value.replaceAll("'", ''));
    }
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
