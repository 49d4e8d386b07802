// The two HTML rewriters issue 19 names, on the same ~50 KB page and the same work: put a snippet
// into <head>, gate <script src>/<iframe src> by origin, and read every inline script's text for a
// signature. It measures the rewrite alone (no HTTP), one page at a time, after a warm-up.
//
//   node test/bench/rewrite.mjs [pages]
//
// Each candidate is loaded from the gateway's dependencies; one that is not installed is skipped.
// REWRITE_BENCH_MODULES=/some/node_modules loads them from elsewhere (used to measure both before
// one was chosen).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { pathToFileURL } from 'node:url';

const PAGES = Number(process.argv[2] ?? 2000);
const WARMUP = Math.min(200, PAGES);
const GATED = ['https://www.googletagmanager.com', 'https://connect.facebook.net', 'https://www.youtube.com'];
const SIGNATURES = ['gtag(', 'fbq('];
const HEAD = '<script>window.dataLayer=window.dataLayer||[];</script><script src="/candor.js" defer></script>';

/** A marketing page as a site builder writes one: deep markup, many attributes, a few inline scripts. */
export function page(targetBytes = 50_000) {
  const head = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Acme</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/site.css?v=3">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date()); gtag('config', 'G-1');</script>
<script>!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};}(window, document,'script','https://connect.facebook.net/en_US/fbevents.js'); fbq('init', '1'); fbq('track', 'PageView');</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Acme"}</script>
</head><body class="home page-template">`;
  const block = (i) => `<section class="row row-${i}" id="s${i}"><div class="container"><div class="col col-6">
<h2 class="title">Section ${i} &amp; more</h2><p>Lorem ipsum <a href="/p/${i}" class=link data-x='${i}'>dolor</a> sit amet, <strong>consectetur</strong> adipiscing elit — ünïcödé.</p>
<ul><li><a href="/a">One</a></li><li><a href="/b">Two</a></li><li><img src="/img/${i}.webp" alt="" width=300 height=200 loading=lazy></li></ul>
${i % 7 === 0 ? `<script>document.getElementById('s${i}').dataset.seen = '1'; var s = "</scr" + "ipt>";</script>` : ''}
${i % 11 === 0 ? '<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" allowfullscreen></iframe>' : ''}
<!-- block ${i} --></div></div></section>\n`;
  let html = head;
  for (let i = 0; html.length < targetBytes - 200; i++) html += block(i);
  return `${html}<script src="/assets/site.js" defer></script></body></html>`;
}

function gatedOrigin(url) {
  try {
    return GATED.includes(new URL(url).origin);
  } catch {
    return false;
  }
}

async function lolHtml(require) {
  const { HTMLRewriter } = require('html-rewriter-wasm');
  return async (bytes) => {
    let out = 0;
    const rewriter = new HTMLRewriter((chunk) => {
      out += chunk.length;
    });
    let text = '';
    rewriter
      .on('head', { element: (el) => el.prepend(HEAD, { html: true }) })
      .on('iframe[src]', {
        element: (el) => {
          if (gatedOrigin(el.getAttribute('src')))
            el.setAttribute('data-src', el.getAttribute('src')).removeAttribute('src');
        },
      })
      .on('script', {
        element: (el) => {
          const src = el.getAttribute('src');
          if (src && gatedOrigin(src)) el.setAttribute('type', 'text/plain');
          text = '';
        },
        text: (chunk) => {
          text += chunk.text;
          if (chunk.lastInTextNode) SIGNATURES.some((s) => text.includes(s));
        },
      });
    try {
      await rewriter.write(bytes);
      await rewriter.end();
    } finally {
      rewriter.free();
    }
    return out;
  };
}

async function parse5(require) {
  const { RewritingStream } = await import(pathToFileURL(require.resolve('parse5-html-rewriting-stream')).href);
  return (bytes) =>
    new Promise((resolve, reject) => {
      const rewriter = new RewritingStream();
      let out = 0;
      let inScript = false;
      let text = '';
      rewriter.on('startTag', (tag, raw) => {
        if (tag.tagName === 'head') {
          rewriter.emitRaw(raw + HEAD);
          return;
        }
        const src = tag.attrs.find((a) => a.name === 'src');
        if (tag.tagName === 'script') {
          inScript = !src;
          text = '';
          if (src && gatedOrigin(src.value)) tag.attrs.push({ name: 'type', value: 'text/plain' });
        }
        if (tag.tagName === 'iframe' && src && gatedOrigin(src.value)) src.name = 'data-src';
        rewriter.emitStartTag(tag);
      });
      rewriter.on('text', (_, raw) => {
        if (inScript) text += raw;
        rewriter.emitRaw(raw);
      });
      rewriter.on('endTag', (tag, raw) => {
        if (tag.tagName === 'script' && inScript) SIGNATURES.some((s) => text.includes(s));
        inScript = false;
        rewriter.emitRaw(raw);
      });
      rewriter.on('data', (chunk) => {
        out += chunk.length;
      });
      rewriter.on('end', () => resolve(out));
      rewriter.on('error', reject);
      // Like a proxied body: bytes in 16 KB chunks, decoded as UTF-8 on the way.
      Readable.from(chunks(bytes)).pipe(new TextDecoderStreamShim()).pipe(rewriter);
    });
}

function* chunks(bytes, size = 16_384) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

// parse5's stream takes strings; node:stream has no ready-made UTF-8 decoding Transform.
class TextDecoderStreamShim extends Transform {
  decoder = new StringDecoder('utf8');
  constructor() {
    super({ decodeStrings: true, encoding: 'utf8' });
  }
  _transform(chunk, _, done) {
    done(null, this.decoder.write(chunk));
  }
  _flush(done) {
    done(null, this.decoder.end());
  }
}

async function measure(name, rewrite, bytes) {
  for (let i = 0; i < WARMUP; i++) await rewrite(bytes);
  const times = [];
  const started = performance.now();
  for (let i = 0; i < PAGES; i++) {
    const t = performance.now();
    await rewrite(bytes);
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3);
  console.log(
    `${name.padEnd(32)} mean ${(total / PAGES).toFixed(3)} ms  p50 ${at(0.5)}  p99 ${at(0.99)}  ` +
      `(${Math.round((bytes.length * PAGES) / 1024 / 1024 / (total / 1000))} MB/s)`,
  );
}

const base = process.env.REWRITE_BENCH_MODULES;
const require = createRequire(base ? join(base, 'noop.js') : new URL('../../gateway/package.json', import.meta.url));
const bytes = new TextEncoder().encode(page());
console.log(`node ${process.version}, page ${bytes.length} bytes, ${PAGES} pages after ${WARMUP} warm-up`);
const candidates = { 'html-rewriter-wasm (lol-html)': lolHtml, 'parse5-html-rewriting-stream': parse5 };
for (const [name, load] of Object.entries(candidates)) {
  let rewrite;
  try {
    rewrite = await load(require);
  } catch (error) {
    console.log(`${name.padEnd(32)} skipped: ${error.code ?? error.message}`);
    continue;
  }
  await measure(name, rewrite, bytes);
}
// And the gateway's own rewriter, through its TransformStream, as the proxy runs it.
try {
  const { createJiti } = require('jiti');
  const { createHtmlRewriter } = await createJiti(import.meta.url).import('../../gateway/src/proxy/rewrite/index.ts');
  const options = {
    head: HEAD,
    selfOrigin: 'https://www.acme.test',
    services: GATED.map((origin, i) => ({
      id: `s${i}`,
      category: 'marketing',
      origins: [origin],
      signatures: SIGNATURES,
    })),
  };
  await measure(
    'createHtmlRewriter (gateway)',
    async (page) => {
      let out = 0;
      const reader = new Blob([page]).stream().pipeThrough(createHtmlRewriter(options)).getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) out += r.value.length;
      return out;
    },
    bytes,
  );
} catch (error) {
  console.log(`${'createHtmlRewriter (gateway)'.padEnd(32)} skipped: ${error.code ?? error.message}`);
}
