import type { RewriteService } from './index.ts';

/** What a `src` resolves to: the service that claims it, or a third-party origin nobody claims. */
export type SrcVerdict =
  | { kind: 'service'; service: RewriteService }
  | { kind: 'unknown'; origin: string }
  | { kind: 'first-party' };

interface Pattern {
  /** A host name, or the suffix after `*.` for a wildcard entry. */
  host: string;
  wildcard: boolean;
  port: string;
  service: RewriteService;
}

/**
 * Matches URLs against the services' origins. The scheme is not compared (http and https alike):
 * an `http://` tag of a tracker still loads the tracker on an http page. An origin written
 * `https://*.example.com` claims every subdomain of example.com, not example.com itself.
 */
export class OriginMatcher {
  readonly #patterns: Pattern[] = [];
  readonly #self: URL;

  constructor(services: readonly RewriteService[], selfOrigin: string) {
    this.#self = new URL(selfOrigin);
    for (const service of services) {
      for (const origin of service.origins) {
        const url = parseUrl(origin);
        if (!url) continue;
        const wildcard = url.hostname.startsWith('*.');
        this.#patterns.push({
          host: wildcard ? url.hostname.slice(1) : url.hostname,
          wildcard,
          port: url.port,
          service,
        });
      }
    }
  }

  /** `raw` is an attribute value as written in the page (entities not yet decoded). */
  judge(raw: string, base: URL | undefined): SrcVerdict {
    const url = parseUrl(decodeEntities(raw).trim(), base ?? this.#self);
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return { kind: 'first-party' };
    const service = this.#claim(url);
    if (service) return { kind: 'service', service };
    if (url.host === this.#self.host) return { kind: 'first-party' };
    return { kind: 'unknown', origin: url.origin };
  }

  /** `<base href>` as the browser resolves it, against the page's own origin. */
  base(raw: string): URL | undefined {
    return parseUrl(decodeEntities(raw).trim(), this.#self);
  }

  #claim(url: URL): RewriteService | undefined {
    // The first service listed wins when two claim the same origin, like the config's own order.
    for (const p of this.#patterns) {
      if (p.port !== url.port) continue;
      if (p.wildcard ? url.hostname.endsWith(p.host) : url.hostname === p.host) return p.service;
    }
    return undefined;
  }
}

function parseUrl(value: string, base?: URL): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

const NAMED: Record<string, string> = {
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  sol: '/',
  colon: ':',
  period: '.',
  nbsp: '\u00a0',
};

/**
 * lol-html hands attribute values over as written, so `https:&#x2F;&#x2F;tracker.example` must be
 * decoded before it is read as a URL. Numeric references and the names that can spell a URL's
 * scheme and host are enough for that; any other named reference is left as written.
 */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}
