// The Content-Security-Policy of the HTML the proxy rewrote. Candor adds an inline script, the
// same-origin loader, the banner's fetches and the services' tags to the page; a site's own CSP
// written before Candor stood in front of it would block them. Pure functions over strings and
// `Headers`, so each rule is tested without a socket.
import { createHash } from 'node:crypto';
import type { CandorConfig, Site } from '@candor/config';
import { securityHeaderEntries } from '../middleware/security-headers/index.ts';

/** What Candor puts into a proxied page, as CSP sources. */
export interface CandorSources {
  /** `'sha256-…'` of the inline Consent Mode script, exactly as injected. */
  scriptHash: string;
  /** The configured services' origins, whose tags the banner loads after consent. */
  serviceOrigins: readonly string[];
}

/** A site's CSP settings, resolved once when the proxy is built. */
export interface ProxyCsp {
  mode: Site['csp'];
  sources: CandorSources;
  /** The whole policy of `strict` mode (unused in `upstream` mode). */
  strict: string;
}

/** Anything else in a source would end the directive or the policy (`;`, `,`) or split it. */
const SAFE_SOURCE = /^https:\/\/[^\s;,']+$/;

const POLICY_HEADERS = ['content-security-policy', 'content-security-policy-report-only'] as const;

/** The CSP hash of an inline script's text, as a browser computes it (UTF-8, base64). */
export function inlineScriptHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The CSP settings of one proxied site; `inlineScript` is the text of the injected inline script. */
export function proxyCsp(config: CandorConfig, site: Site, inlineScript: string): ProxyCsp {
  const serviceOrigins = unique(config.services.flatMap((service) => service.origins)).filter((o) =>
    SAFE_SOURCE.test(o),
  );
  const sources = { scriptHash: inlineScriptHash(inlineScript), serviceOrigins };
  return { mode: site.csp, sources, strict: strictPolicy(sources, config.csp) };
}

/**
 * Sets the CSP of a rewritten HTML answer in place. `upstream` mode extends each policy the
 * upstream sent (enforced and report-only) and adds none where it sent none; `strict` mode drops
 * the upstream's policies for the gateway's own, and fills in `nosniff` and a referrer policy
 * when the upstream set neither.
 */
export function applyProxyCsp(headers: Headers, csp: ProxyCsp): void {
  if (csp.mode === 'strict') {
    headers.delete('content-security-policy-report-only');
    headers.set('content-security-policy', csp.strict);
    for (const [name, value] of securityHeaderEntries(false)) {
      if ((name === 'x-content-type-options' || name === 'referrer-policy') && !headers.has(name)) {
        headers.set(name, value);
      }
    }
    return;
  }
  for (const name of POLICY_HEADERS) {
    const value = headers.get(name);
    if (value !== null && value.trim() !== '') headers.set(name, extendPolicies(value, csp.sources));
  }
}

/** Extra sources per directive from `config.csp` (fonts or a CDN the site needs in strict mode). */
type ExtraSources = CandorConfig['csp'];

/** The gateway's own policy for a proxied site: the site (now the public origin), its services, Candor. */
export function strictPolicy({ scriptHash, serviceOrigins }: CandorSources, extra?: ExtraSources): string {
  const list = (...sources: readonly string[]) => unique(sources).join(' ');
  const directives = [
    "default-src 'self'",
    `script-src ${list("'self'", scriptHash, ...serviceOrigins, ...(extra?.scriptSrc ?? []))}`,
    `connect-src ${list("'self'", ...serviceOrigins, ...(extra?.connectSrc ?? []))}`,
    `img-src ${list("'self'", 'data:', ...serviceOrigins, ...(extra?.imgSrc ?? []))}`,
    `frame-src ${list(...serviceOrigins, ...(extra?.frameSrc ?? [])) || "'none'"}`,
    `style-src ${list("'self'", ...(extra?.styleSrc ?? []))}`,
    ...(extra?.fontSrc.length ? [`font-src ${list("'self'", ...extra.fontSrc)}`] : []),
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
  ];
  return directives.join('; ');
}

/** One header value may hold several policies, comma-separated; the browser enforces each. */
export function extendPolicies(header: string, sources: CandorSources): string {
  return header
    .split(',')
    .map((policy) => extendPolicy(policy.trim(), sources))
    .join(', ');
}

interface Directive {
  /** The directive as the upstream wrote it, kept verbatim unless Candor changes it. */
  text: string;
  name: string;
  tokens: string[];
}

/**
 * One policy with Candor's sources added. A directive Candor needs is extended where it is
 * written; where it is missing but falls back to another (`default-src`, `child-src`), it is
 * written out as a copy of that fallback plus Candor's sources, so nothing else the fallback
 * governs is widened. Where neither is written, the browser allows everything and nothing is added.
 */
export function extendPolicy(policy: string, { scriptHash, serviceOrigins }: CandorSources): string {
  const directives = parse(policy);
  const script = ["'self'", scriptHash, ...serviceOrigins];
  extend(directives, 'script-src', ['default-src'], script);
  extend(directives, 'script-src-elem', [], script);
  extend(directives, 'connect-src', ['default-src'], ["'self'"]);
  extend(directives, 'style-src', ['default-src'], ["'self'"]);
  extend(directives, 'style-src-elem', [], ["'self'"]);
  extend(directives, 'img-src', ['default-src'], ["'self'"]);
  extend(directives, 'frame-src', ['child-src', 'default-src'], serviceOrigins);
  return directives.map((d) => d.text).join('; ');
}

function parse(policy: string): Directive[] {
  return policy
    .split(';')
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text) => {
      const [name = '', ...tokens] = text.split(/[\t\n\f\r ]+/);
      return { text, name: name.toLowerCase(), tokens };
    });
}

function extend(directives: Directive[], name: string, fallbacks: readonly string[], sources: readonly string[]): void {
  if (sources.length === 0) return;
  // Only the first of two same-named directives counts; the browser ignores the rest.
  let directive = directives.find((d) => d.name === name);
  if (!directive) {
    const fallback = fallbacks.map((f) => directives.find((d) => d.name === f)).find((d) => d !== undefined);
    if (!fallback) return;
    directive = { text: '', name, tokens: [...fallback.tokens] };
    directives.push(directive);
  }
  const have = new Set(directive.tokens.map((t) => t.toLowerCase()));
  const added = sources.filter((s) => !have.has(s.toLowerCase()) && !(isHash(s) && inlineAllowed(directive.tokens)));
  if (added.length === 0 && directive.text !== '') return;
  // 'none' cannot be combined with any source: it goes once Candor adds one.
  const kept = directive.tokens.filter((t) => t.toLowerCase() !== "'none'");
  directive.tokens = [...kept, ...added];
  directive.text = [name, ...directive.tokens].join(' ');
}

const isHash = (token: string) => /^'sha(256|384|512)-/i.test(token);

/**
 * Whether inline scripts run already: `'unsafe-inline'` with no hash, nonce or `'strict-dynamic'`.
 * Adding a hash there would make the browser ignore `'unsafe-inline'` and break the site's own
 * inline scripts, so none is added.
 */
function inlineAllowed(tokens: readonly string[]): boolean {
  const lower = tokens.map((t) => t.toLowerCase());
  return (
    lower.includes("'unsafe-inline'") &&
    !lower.some((t) => isHash(t) || t.startsWith("'nonce-") || t === "'strict-dynamic'")
  );
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
