// The integration's options, checked once when Astro loads its config: a bad value fails the
// build with a message that names the option, never a broken page later.

export interface CandorOptions {
  /**
   * The origin of a Candor gateway on another host, e.g. `https://privacy.example.com`. Every
   * page then loads `<gateway>/candor.js`; without it the gateway is expected to serve the built
   * site itself (same origin), and the banner and tracker are part of the build.
   */
  gateway?: string;
  /** Path of `candor.config.ts` relative to the Astro project root (default `./candor.config.ts` when present). */
  config?: string;
  /** The config's site id this Astro site is (`data-site` on the gateway's loader). */
  site?: string;
}

/** Thrown for an invalid option or a missing config; Astro shows its message as the build error. */
export class CandorIntegrationError extends Error {
  override name = 'CandorIntegrationError';
  constructor(message: string) {
    super(`@candor/astro: ${message}`);
  }
}

export interface ResolvedOptions {
  /** The gateway's origin, without a trailing slash, or undefined for same-origin mode. */
  gateway: string | undefined;
  config: string | undefined;
  site: string | undefined;
}

const SITE_ID = /^[a-z][a-z0-9_-]{0,39}$/;

/** @throws CandorIntegrationError naming the bad option. */
export function resolveOptions(options: CandorOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new CandorIntegrationError(
      'candor() takes an options object, e.g. candor({ gateway: "https://privacy.example.com" })',
    );
  }
  const known = new Set(['gateway', 'config', 'site']);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new CandorIntegrationError(`unknown option "${key}" (known: gateway, config, site)`);
  }
  const { config, site } = options;
  if (config !== undefined && (typeof config !== 'string' || config.trim() === '')) {
    throw new CandorIntegrationError('option "config" must be the path of candor.config.ts, e.g. "./candor.config.ts"');
  }
  if (site !== undefined && (typeof site !== 'string' || !SITE_ID.test(site))) {
    throw new CandorIntegrationError(
      `option "site" must be a site id from the config (lower-case letters, digits, "-" or "_"), got ${JSON.stringify(site)}`,
    );
  }
  return { gateway: options.gateway === undefined ? undefined : gatewayOrigin(options.gateway), config, site };
}

/** An http(s) origin: what `candor.js` is served from. A path would be silently dropped, so it is refused. */
function gatewayOrigin(value: unknown): string {
  const bad = (why: string) =>
    new CandorIntegrationError(
      `option "gateway" must be the http(s) origin of a Candor gateway, e.g. "https://privacy.example.com"; ${JSON.stringify(value)} ${why}`,
    );
  if (typeof value !== 'string') throw bad('is not a string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('is not http or https');
  if (url.username || url.password) throw bad('has credentials');
  if (url.pathname !== '/' || url.search || url.hash) throw bad('has a path, query or fragment');
  return url.origin;
}
