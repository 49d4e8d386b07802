import { CONSENT_ACTIONS, type ConsentAction, type ConsentStats, OPTIONAL_CATEGORIES } from '../store/records.ts';
import { Bar, number, percent } from './reports-chart.tsx';

// Colours from the reports chart; each action also has a text label, so none relies on colour.
const ACTIONS: Record<ConsentAction, { label: string; fill: string }> = {
  accept_all: { label: 'Accepted all', fill: '#1a7f37' },
  reject_all: { label: 'Rejected all', fill: '#cf222e' },
  custom: { label: 'Chose per category', fill: '#0b5cad' },
  withdraw: { label: 'Withdrew', fill: '#9a6700' },
  gpc: { label: 'Global Privacy Control', fill: '#8a3ffc' },
};

const CATEGORY_LABELS: Record<(typeof OPTIONAL_CATEGORIES)[number], string> = {
  preferences: 'Preferences',
  analytics: 'Analytics',
  marketing: 'Marketing',
};

const W = 720;
const H = 160;
const PAD = { left: 40, right: 8, top: 8, bottom: 24 };

/** The banner choices of the range: counts, not people; consent records hold no identifier to show. */
export function ConsentSection({ stats, from, to }: { stats: ConsentStats; from: string; to: string }) {
  const rate = (n: number) => (stats.total === 0 ? 0 : n / stats.total);
  return (
    <section aria-labelledby="consent">
      <h2 id="consent">Consent choices</h2>
      <p class="muted">
        {number(stats.total)} {stats.total === 1 ? 'choice' : 'choices'} made in the banner from {from} to {to}, on
        every site. A visitor who changes their mind makes a second choice.
      </p>
      {stats.total > 0 && (
        <div class="breakdowns">
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Choices by action</caption>
              <thead>
                <tr>
                  <th scope="col">Choice</th>
                  <th scope="col">Count</th>
                  <th scope="col">Share</th>
                </tr>
              </thead>
              <tbody>
                {CONSENT_ACTIONS.map((a) => (
                  <tr data-action={a}>
                    <th scope="row">{ACTIONS[a].label}</th>
                    <td class="num">{number(stats.byAction[a])}</td>
                    <td class="num">{percent(rate(stats.byAction[a]))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Share of choices granting each optional category</caption>
              <thead>
                <tr>
                  <th scope="col">Category granted</th>
                  <th scope="col">Choices</th>
                  <th scope="col">Share</th>
                  <th scope="col">
                    <span class="visually-hidden">Share as a bar</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {OPTIONAL_CATEGORIES.map((c) => (
                  <tr data-category={c}>
                    <th scope="row">{CATEGORY_LABELS[c]}</th>
                    <td class="num">{number(stats.categoryGranted[c])}</td>
                    <td class="num">{percent(rate(stats.categoryGranted[c]))}</td>
                    <td class="bar">
                      <Bar value={stats.categoryGranted[c]} max={Math.max(1, stats.total)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {stats.total > 0 && <ConsentChart stats={stats} />}
    </section>
  );
}

/** Choices per day as stacked bars, one colour per action, with the numbers in a table too. */
function ConsentChart({ stats }: { stats: ConsentStats }) {
  const days = stats.byDay;
  const totals = days.map((d) => CONSENT_ACTIONS.reduce((sum, a) => sum + d.counts[a], 0));
  const max = Math.max(1, ...totals);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, days.length);
  const barW = Math.max(1, slot * 0.8);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  return (
    <figure class="chart">
      <ul class="legend">
        {CONSENT_ACTIONS.map((a) => (
          <li>
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" fill={ACTIONS[a].fill} />
            </svg>
            {ACTIONS[a].label}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="consent-chart-title" class="chart-svg">
        <title id="consent-chart-title">{`${number(stats.total)} consent choices from ${first} to ${last}, by day.`}</title>
        {[0, max].map((v) => (
          <g>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#d0d7de" stroke-width="1" />
            <text x={PAD.left - 6} y={y(v) + 4} text-anchor="end" font-size="12" fill="#57606a">
              {number(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          let base = 0;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <g>
              {CONSENT_ACTIONS.filter((a) => d.counts[a] > 0).map((a) => {
                const top = base + d.counts[a];
                const rect = (
                  <rect
                    x={x.toFixed(1)}
                    y={y(top).toFixed(1)}
                    width={barW.toFixed(1)}
                    height={(y(base) - y(top)).toFixed(1)}
                    fill={ACTIONS[a].fill}
                  />
                );
                base = top;
                return rect;
              })}
            </g>
          );
        })}
        <text x={PAD.left} y={H - 6} font-size="12" fill="#57606a">
          {first}
        </text>
        <text x={W - PAD.right} y={H - 6} text-anchor="end" font-size="12" fill="#57606a">
          {last}
        </text>
      </svg>
      <details>
        <summary>The choices per day as a table</summary>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Consent choices per day, by action</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {CONSENT_ACTIONS.map((a) => (
                  <th scope="col">{ACTIONS[a].label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr>
                  <th scope="row">{d.day}</th>
                  {CONSENT_ACTIONS.map((a) => (
                    <td class="num">{number(d.counts[a])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
