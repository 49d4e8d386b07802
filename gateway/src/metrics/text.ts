// The Prometheus text exposition format (version 0.0.4), hand-rolled: a handful of counters,
// gauges and histograms do not need a client library.

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;

/** One metric family: its samples are rendered under one HELP and TYPE line. */
export interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: readonly Sample[];
}

export interface Sample {
  /** Appended to the family name, e.g. `_bucket`; empty for plain counters and gauges. */
  suffix?: string;
  labels?: Labels;
  value: number;
}

/** Renders families in order; a family without samples is still announced (HELP and TYPE). */
export function render(families: readonly Family[]): string {
  let out = '';
  for (const f of families) {
    out += `# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.samples) out += `${f.name}${s.suffix ?? ''}${labelText(s.labels)} ${number(s.value)}\n`;
  }
  return out;
}

function labelText(labels: Labels | undefined): string {
  if (!labels) return '';
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** Latency buckets in seconds, from 1 ms to 10 s. */
export const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/**
 * A histogram keyed by a fixed set of label values. Observing is a map lookup and a short loop,
 * cheap enough for every request.
 */
export class Histogram {
  readonly #buckets: readonly number[];
  readonly #series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(buckets: readonly number[] = SECONDS_BUCKETS) {
    this.#buckets = buckets;
  }

  /** `key` identifies the label set (callers build it from the label values they already hold). */
  observe(seconds: number, key = '', labels: Labels = {}): void {
    let series = this.#series.get(key);
    if (!series) {
      series = { labels, counts: new Array<number>(this.#buckets.length).fill(0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    series.sum += seconds;
    series.count++;
    for (let i = 0; i < this.#buckets.length; i++) {
      if (seconds <= (this.#buckets[i] ?? 0)) {
        series.counts[i] = (series.counts[i] ?? 0) + 1;
        break;
      }
    }
  }

  /** Cumulative `_bucket` samples (with `le`), then `_sum` and `_count`, per label set. */
  samples(): Sample[] {
    const out: Sample[] = [];
    for (const { labels, counts, sum, count } of this.#series.values()) {
      let cumulative = 0;
      this.#buckets.forEach((le, i) => {
        cumulative += counts[i] ?? 0;
        out.push({ suffix: '_bucket', labels: { ...labels, le: String(le) }, value: cumulative });
      });
      out.push({ suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: count });
      out.push({ suffix: '_sum', labels, value: sum });
      out.push({ suffix: '_count', labels, value: count });
    }
    return out;
  }
}
