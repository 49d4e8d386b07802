import type { TimeseriesPoint } from '../reports/service.ts';

// Drawn on the server as SVG presentation attributes: the admin CSP forbids style attributes and
// scripts, and a chart needs neither.
const W = 720;
const H = 240;
const PAD = { left: 48, right: 16, top: 12, bottom: 32 };
const VISITORS = { stroke: '#0b5cad', dash: undefined, label: 'Visitors' };
const PAGEVIEWS = { stroke: '#8a3ffc', dash: '6 4', label: 'Pageviews' };

export const number = (n: number) => n.toLocaleString('en-GB');
export const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10}%`;
export function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m ${seconds % 60}s` : `${seconds}s`;
}

/** Visitors (solid) and pageviews (dashed) over the range, with the numbers as a table too. */
export function TimeseriesChart({ points, interval }: { points: readonly TimeseriesPoint[]; interval: string }) {
  const max = niceMax(Math.max(0, ...points.flatMap((p) => [p.visitors, p.pageviews])));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length > 1 ? (i / (points.length - 1)) * innerW : innerW / 2);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const line = (pick: (p: TimeseriesPoint) => number) =>
    points.map((p, i) => `${x(i).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  const totals = points.reduce((t, p) => ({ v: t.v + p.visitors, p: t.p + p.pageviews }), { v: 0, p: 0 });
  const first = points[0]?.date ?? '';
  const last = points.at(-1)?.date ?? '';
  const summary = `${number(totals.v)} visitors and ${number(totals.p)} pageviews from ${first} to ${last}, by ${interval}.`;
  const xLabels = [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])].filter((i) => i >= 0);
  return (
    <figure class="chart">
      <ul class="legend">
        {[VISITORS, PAGEVIEWS].map((s) => (
          <li>
            <svg width="28" height="10" aria-hidden="true">
              <line x1="0" y1="5" x2="28" y2="5" stroke={s.stroke} stroke-width="3" stroke-dasharray={s.dash} />
            </svg>
            {s.label} {s.dash ? '(dashed)' : '(solid)'}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title" class="chart-svg">
        <title id="chart-title">{summary}</title>
        {[0, max / 2, max].map((v) => (
          <g>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#d0d7de" stroke-width="1" />
            <text x={PAD.left - 6} y={y(v) + 4} text-anchor="end" font-size="12" fill="#57606a">
              {number(v)}
            </text>
          </g>
        ))}
        {xLabels.map((i) => (
          <text
            x={x(i)}
            y={H - 10}
            text-anchor={i === 0 && points.length > 1 ? 'start' : i === points.length - 1 ? 'end' : 'middle'}
            font-size="12"
            fill="#57606a"
          >
            {points[i]?.date}
          </text>
        ))}
        {[
          { s: PAGEVIEWS, pick: (p: TimeseriesPoint) => p.pageviews },
          { s: VISITORS, pick: (p: TimeseriesPoint) => p.visitors },
        ].map(({ s, pick }) =>
          points.length > 1 ? (
            <polyline points={line(pick)} fill="none" stroke={s.stroke} stroke-width="2.5" stroke-dasharray={s.dash} />
          ) : (
            <circle
              cx={x(0)}
              cy={y(pick(points[0] ?? ({ visitors: 0, pageviews: 0 } as TimeseriesPoint)))}
              r="4"
              fill={s.stroke}
            />
          ),
        )}
      </svg>
      <details>
        <summary>The numbers as a table</summary>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Visitors and pageviews by {interval}</caption>
            <thead>
              <tr>
                <th scope="col">{interval === 'hour' ? 'Hour' : 'Date'}</th>
                <th scope="col">Visitors</th>
                <th scope="col">Pageviews</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr>
                  <th scope="row">{p.date}</th>
                  <td class="num">{number(p.visitors)}</td>
                  <td class="num">{number(p.pageviews)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** A horizontal bar for a table cell; the number beside it carries the meaning. */
export function Bar({ value, max }: { value: number; max: number }) {
  const width = Math.max(value > 0 ? 2 : 0, Math.round((value / max) * 100));
  return (
    <svg width="100" height="12" viewBox="0 0 100 12" aria-hidden="true" class="bar-svg">
      <rect width="100" height="12" fill="#eaeef2" />
      <rect width={width} height="12" fill="#0b5cad" />
    </svg>
  );
}

/** 1, 2 or 5 times a power of ten, at least the largest value (and at least 4, so ticks stay whole). */
function niceMax(value: number): number {
  if (value <= 4) return 4;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
