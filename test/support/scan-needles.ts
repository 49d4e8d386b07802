import { isIPv6 } from 'node:net';

/** A known value replayed through the gateway, with every textual form it could be written in. */
export interface Needle {
  kind: 'ip' | 'ua' | 'email';
  /** Short name for messages and the summary table, e.g. `ip#3`. */
  label: string;
  value: string;
  /** UTF-8 strings to search for (the value, its other spellings, its distinctive parts). */
  forms: string[];
  /** Extra raw byte patterns for file scans (an IPv6 address as its 16 bytes). */
  bytes: Buffer[];
}

/** The eight 16-bit groups of an IPv6 address (IPv4-in-IPv6 tails included). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16));
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
function ipv6Canonical(groups: number[]): string {
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** Every way an address could be spelled on disk or in a log line. */
export function ipNeedle(ip: string, label: string): Needle {
  if (!isIPv6(ip)) {
    return { kind: 'ip', label, value: ip, forms: [ip, `::ffff:${ip}`], bytes: [] };
  }
  const groups = ipv6Groups(ip);
  const canonical = ipv6Canonical(groups);
  const expanded = groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
  const unpadded = groups.map((g) => g.toString(16)).join(':');
  const forms = new Set([ip, canonical, expanded, unpadded, expanded.toUpperCase(), canonical.toUpperCase()]);
  const bytes = Buffer.alloc(16);
  for (const [i, g] of groups.entries()) bytes.writeUInt16BE(g, i * 2);
  return { kind: 'ip', label, value: ip, forms: [...forms], bytes: [bytes] };
}

/**
 * A user agent and its distinctive parts: the `Mozilla/5.0 (platform)` head and the version tail
 * after the last `)`, which together identify a browser build far better than "Chrome 131".
 */
export function uaNeedle(ua: string, label: string): Needle {
  const head = ua.slice(0, ua.indexOf(')') + 1);
  const tail = ua.slice(ua.lastIndexOf(')') + 1).trim();
  return { kind: 'ua', label, value: ua, forms: [ua, head, tail].filter((f) => f.length >= 12), bytes: [] };
}

/** An email as written, lowercased, and percent-encoded (as it would sit in a URL or a log). */
export function emailNeedle(email: string, label: string): Needle {
  const forms = new Set([email, email.toLowerCase(), encodeURIComponent(email), email.toUpperCase()]);
  return { kind: 'email', label, value: email, forms: [...forms], bytes: [] };
}

/** Whether `haystack` holds any form of the needle (UTF-8, and UTF-16LE and raw bytes for buffers). */
export function holds(haystack: string | Buffer, needle: Needle): boolean {
  if (typeof haystack === 'string') return needle.forms.some((f) => haystack.includes(f));
  return (
    needle.forms.some(
      (f) => haystack.includes(Buffer.from(f, 'utf8')) || haystack.includes(Buffer.from(f, 'utf16le')),
    ) || needle.bytes.some((b) => haystack.includes(b))
  );
}
