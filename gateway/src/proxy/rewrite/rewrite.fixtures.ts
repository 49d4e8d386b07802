import { createHtmlRewriter, type RewriteOptions, type RewriteService } from './index.ts';

export const SELF = 'https://www.acme.test';
export const HEAD = '<script src="/candor.js" data-candor></script>';

export const GA4: RewriteService = {
  id: 'ga4',
  category: 'analytics',
  origins: ['https://www.googletagmanager.com', 'https://www.google-analytics.com'],
  signatures: ['gtag('],
};
export const HUBSPOT: RewriteService = {
  id: 'hubspot',
  category: 'marketing',
  origins: ['https://js.hs-scripts.com', 'https://*.hubspot.com'],
  signatures: ['_hsq'],
};
export const META: RewriteService = {
  id: 'meta-pixel',
  category: 'marketing',
  origins: ['https://connect.facebook.net', 'https://www.facebook.com'],
  signatures: ['fbq('],
};
export const YOUTUBE: RewriteService = {
  id: 'youtube',
  category: 'marketing',
  origins: ['https://www.youtube.com', 'https://www.youtube-nocookie.com'],
  signatures: [],
};
export const STRIPE: RewriteService = {
  id: 'stripe',
  category: 'necessary',
  origins: ['https://js.stripe.com'],
  signatures: ['Stripe('],
};
export const SERVICES = [GA4, HUBSPOT, META, YOUTUBE, STRIPE];

export const GA4_SNIPPET = `<!-- Google tag (gtag.js) -->
<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());

  gtag('config', 'G-1');
</script>`;

export const HUBSPOT_LOADER = `<!-- Start of HubSpot Embed Code -->
<script type="text/javascript" id="hs-script-loader" async defer src="//js.hs-scripts.com/123.js"></script>
<!-- End of HubSpot Embed Code -->`;

export const META_PIXEL = `<!-- Meta Pixel Code -->
<script>
!function(f,b,e,v,n,t,s)
{if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';
n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '1234');
fbq('track', 'PageView');
</script>
<noscript><img height="1" width="1" style="display:none"
src="https://www.facebook.com/tr?id=1234&ev=PageView&noscript=1"
/></noscript>
<!-- End Meta Pixel Code -->`;

export const YOUTUBE_IFRAME =
  '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=x&amp;start=1" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay" allowfullscreen></iframe>';

export const LEGACY_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Acme — Ünïcödé</title>
${GA4_SNIPPET}
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Acme","x":"gtag("}</script>
<script src="https://js.stripe.com/v3/"></script>
<link rel="stylesheet" href="/site.css">
</head>
<body>
<h1>Welcome</h1>
${YOUTUBE_IFRAME}
<script src="/js/site.js"></script>
${HUBSPOT_LOADER}
${META_PIXEL}
</body>
</html>
`;

export function options(overrides: Partial<RewriteOptions> = {}): RewriteOptions {
  return { head: HEAD, services: SERVICES, selfOrigin: SELF, ...overrides };
}

/** Runs bytes through a rewriter, in the given chunks, and returns the output as text. */
export async function rewriteChunks(chunks: Uint8Array[], opts: RewriteOptions = options()): Promise<string> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const parts: Uint8Array[] = [];
  const reader = source.pipeThrough(createHtmlRewriter(opts)).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return Buffer.concat(parts).toString('utf8');
}

export function rewrite(html: string, opts?: RewriteOptions): Promise<string> {
  return rewriteChunks([new TextEncoder().encode(html)], opts);
}

/** The bytes of `html` cut at the given offsets. */
export function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
}
