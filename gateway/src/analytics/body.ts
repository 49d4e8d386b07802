/**
 * The tracker's body: `{n, u, r?, w?, p?, e?}` (name, URL, referrer, width, props, engaged ms).
 * `w` is still checked, since trackers before December 2026 send it, but nothing uses it: the device
 * type comes from the user agent. The tracker no longer sends it.
 */
export interface EventBody {
  name: string;
  url: URL;
  referrer: string | undefined;
  props: Record<string, string>;
  engagedMs: number;
}

export const MAX_EVENT_BYTES = 4096;
const MAX_PROPS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Validates a parsed body by hand (this is the hot path: no schema library, no copies beyond
 * what is kept). Returns the reason as a string when the body is not acceptable.
 */
export function parseEventBody(value: unknown): EventBody | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body must be a JSON object';
  const { n, u, r, w, p, e } = value as Record<string, unknown>;
  if (typeof n !== 'string' || n.length === 0 || n.length > 120)
    return 'n (event name) must be a string of 1 to 120 characters';
  // No length limit of its own: the 4 KB body bounds it, and a long URL is still a page view.
  if (typeof u !== 'string') return 'u (page URL) must be a string';
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return 'u (page URL) is not a valid URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'u (page URL) must be http or https';
  if (r !== undefined && r !== null && typeof r !== 'string') return 'r (referrer) must be a string';
  if (w !== undefined && w !== null && (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 100_000)) {
    return 'w (width) must be a number from 0 to 100000';
  }
  if (e !== undefined && e !== null && (typeof e !== 'number' || !Number.isFinite(e) || e < 0 || e > DAY_MS)) {
    return 'e (engaged ms) must be a number from 0 to 86400000';
  }
  const props = parseProps(p);
  if (typeof props === 'string') return props;
  return {
    name: n,
    url,
    // An absurdly long referrer is dropped, not the page view.
    referrer: typeof r === 'string' && r.length > 0 && r.length <= 2048 ? r : undefined,
    props,
    engagedMs: typeof e === 'number' ? Math.round(e) : 0,
  };
}

function parseProps(p: unknown): Record<string, string> | string {
  if (p === undefined || p === null) return {};
  if (typeof p !== 'object' || Array.isArray(p)) return 'p (props) must be an object';
  const out: Record<string, string> = {};
  let count = 0;
  for (const key in p) {
    if (!Object.hasOwn(p, key)) continue;
    if (++count > MAX_PROPS) return `p (props) may hold at most ${MAX_PROPS} entries`;
    const v = (p as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
    else return `p.${key.slice(0, 40)} must be a string, number or boolean`;
  }
  return out;
}
