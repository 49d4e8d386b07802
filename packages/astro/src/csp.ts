// The Content-Security-Policy sources a page needs for what the integration adds: the inline head
// script by hash, and the gateway or the configured services by origin. Written to
// `candor-csp.json` so a host that is not the gateway can send a strict policy with no hand edits.
import { createHash } from 'node:crypto';
import type { CandorConfig } from '@candor/config';

export interface CandorCsp {
  scriptSrc: string[];
  connectSrc: string[];
  styleSrc: string[];
  imgSrc: string[];
  frameSrc: string[];
  /** The whole `Content-Security-Policy` header for pages that load nothing else. */
  header: string;
}

/** The CSP source of an inline script: SHA-256 of its text exactly as the page holds it (UTF-8), base64. */
export function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

const unique = (sources: (string | undefined)[]) => [...new Set(sources.filter((s): s is string => Boolean(s)))];

/**
 * In gateway mode the loader, banner, stylesheet and API are on the gateway's origin; same origin,
 * they are `'self'`. The configured services (and `config.csp`'s extra sources) load only after
 * consent, but the policy must allow them for that moment, as it must the gated tags of the built
 * pages (`gatedSources`): their origins, and the hashes of gated inline scripts.
 */
export function cspSources(
  headScript: string,
  gateway: string | undefined,
  config: CandorConfig | null,
  gated: { scriptSrc: readonly string[]; frameSrc: readonly string[] } = { scriptSrc: [], frameSrc: [] },
): CandorCsp {
  const services = config?.services.flatMap((s) => s.origins) ?? [];
  const extra = (key: keyof CandorConfig['csp']) => config?.csp[key] ?? [];
  const sources = {
    scriptSrc: unique([scriptHash(headScript), gateway, ...services, ...gated.scriptSrc, ...extra('scriptSrc')]),
    connectSrc: unique([gateway ?? "'self'", ...services, ...extra('connectSrc')]),
    styleSrc: unique([gateway, ...extra('styleSrc')]),
    imgSrc: unique([...services, ...extra('imgSrc')]),
    frameSrc: unique([...services, ...gated.frameSrc, ...extra('frameSrc')]),
  };
  return { ...sources, header: cspHeader(sources, extra('fontSrc')) };
}

/** A strict policy: same-origin by default, plus exactly the sources above. */
function cspHeader(s: Omit<CandorCsp, 'header'>, fontSrc: readonly string[]): string {
  const join = (...parts: string[]) => unique(parts).join(' ');
  return [
    "default-src 'self'",
    `script-src ${join("'self'", ...s.scriptSrc)}`,
    `style-src ${join("'self'", ...s.styleSrc)}`,
    `img-src ${join("'self'", 'data:', ...s.imgSrc)}`,
    `connect-src ${join("'self'", ...s.connectSrc)}`,
    `frame-src ${s.frameSrc.length ? join(...s.frameSrc) : "'none'"}`,
    `font-src ${join("'self'", ...fontSrc)}`,
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}
