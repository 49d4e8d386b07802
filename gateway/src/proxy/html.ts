// The HTML leg of the proxy: decode, rewrite (gate the tags, inject Candor), encode again.
import type { CandorConfig, Site } from '@candor/config';
import { loaderSettings } from '../loader/settings.ts';
import { createHtmlRewriter, type RewriteService } from './rewrite/index.ts';
import type { Coding, ProxyDeps } from './types.ts';

/** The `Content-Encoding` of an HTML answer: none, one the proxy handles, or one it cannot rewrite. */
export function htmlCoding(header: string | null): Coding | 'identity' | 'unsupported' {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'br' || value === 'deflate') return value;
  return 'unsupported';
}

const literal = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * What goes first into every proxied page's <head>: the Consent Mode defaults, set inline so they
 * are in place before any Google tag runs, then the loader from the gateway, which is now the
 * page's own origin. The loader adds the banner and the tracker. The text is the same on every
 * page of a site, so one CSP hash would cover it.
 */
export function headSnippet(config: CandorConfig, site: Site): string {
  return `<script>${consentDefaultsScript(config)}</script><script src="/candor.js" data-site="${site.id}" defer></script>`;
}

/** The text of the head snippet's inline script; the proxy's CSP allows it by its sha256 hash. */
export function consentDefaultsScript(config: CandorConfig): string {
  const { defaults } = loaderSettings(config, '');
  const consent = literal({ ...defaults, wait_for_update: 500 });
  return (
    '(function(w){w.dataLayer=w.dataLayer||[];' +
    'w.gtag=w.gtag||function(){w.dataLayer.push(arguments)};' +
    `w.gtag('consent','default',${consent})})(window)`
  );
}

/** The configured services as the rewriter sees them. */
export function rewriteServices(config: CandorConfig): RewriteService[] {
  return config.services.map((service) => ({
    id: service.id,
    category: service.category,
    origins: service.origins,
    signatures: service.signatures,
  }));
}

export interface HtmlPipeline {
  head: string;
  services: readonly RewriteService[];
  selfOrigin: string;
}

/** The upstream's HTML body, rewritten, in the coding it came in. */
export function rewriteHtml(
  body: ReadableStream<Uint8Array>,
  coding: Coding | 'identity',
  codecs: Pick<ProxyDeps, 'decoder' | 'encoder'>,
  pipeline: HtmlPipeline,
): ReadableStream<Uint8Array> {
  const rewriter = createHtmlRewriter(pipeline);
  if (coding === 'identity') return body.pipeThrough(rewriter);
  return body.pipeThrough(codecs.decoder(coding)).pipeThrough(rewriter).pipeThrough(codecs.encoder(coding));
}
