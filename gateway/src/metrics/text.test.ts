import { describe, expect, it } from 'vitest';
import { escapeLabel, Histogram, render } from './text.ts';

describe('Prometheus text format', () => {
  it('renders HELP, TYPE and one line per sample, labels quoted', () => {
    const text = render([
      { name: 'a_total', help: 'Things.', type: 'counter', samples: [{ value: 3 }] },
      {
        name: 'b',
        help: 'By status.',
        type: 'gauge',
        samples: [
          { labels: { status: 'pending' }, value: 1 },
          { labels: { status: 'failed' }, value: 0 },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP a_total Things.',
        '# TYPE a_total counter',
        'a_total 3',
        '# HELP b By status.',
        '# TYPE b gauge',
        'b{status="pending"} 1',
        'b{status="failed"} 0',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['a "quoted" value', 'a \\"quoted\\" value'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
  ])('escapes the label value %j', (raw, escaped) => {
    expect(escapeLabel(raw)).toBe(escaped);
  });

  it('announces a family without samples', () => {
    expect(render([{ name: 'x', help: 'h', type: 'gauge', samples: [] }])).toBe('# HELP x h\n# TYPE x gauge\n');
  });

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [0.25, '0.25'],
  ])('writes %s as %s', (value, text) => {
    expect(render([{ name: 'x', help: 'h', type: 'gauge', samples: [{ value }] }])).toContain(`x ${text}\n`);
  });
});

describe('Histogram', () => {
  it('counts cumulatively per bucket, with +Inf, _sum and _count per label set', () => {
    const h = new Histogram([0.1, 1]);
    h.observe(0.05, 'GET', { method: 'GET' });
    h.observe(0.5, 'GET', { method: 'GET' });
    h.observe(3, 'GET', { method: 'GET' });
    h.observe(0.2, 'POST', { method: 'POST' });
    const text = render([{ name: 'd', help: 'h', type: 'histogram', samples: h.samples() }]);
    expect(text).toContain('d_bucket{method="GET",le="0.1"} 1\n');
    expect(text).toContain('d_bucket{method="GET",le="1"} 2\n');
    expect(text).toContain('d_bucket{method="GET",le="+Inf"} 3\n');
    expect(text).toContain('d_sum{method="GET"} 3.55\n');
    expect(text).toContain('d_count{method="GET"} 3\n');
    expect(text).toContain('d_bucket{method="POST",le="0.1"} 0\n');
    expect(text).toContain('d_count{method="POST"} 1\n');
  });
});
