import type { Element, HTMLRewriter } from 'html-rewriter-wasm';
import { gateAttributes, gatedStartTag, runsAsScript, signedBy } from './gate.ts';
import type { RewriteOptions, RewriteService } from './index.ts';
import { OriginMatcher } from './origins.ts';
import type { Output } from './output.ts';

/**
 * An inline script longer than this is passed on as it is, ungated: holding it back costs its size
 * in memory per request, and a tag manager's snippet is a few hundred bytes, not a megabyte.
 */
export const MAX_INLINE_SCRIPT_BYTES = 1024 * 1024;

/**
 * Where the head snippet can go. `*` would find the first element of any page, but a handler on
 * every element makes lol-html ten times slower (each one crosses from WebAssembly into JS). So
 * the snippet goes into the first `<head>`, or before whichever comes first of: a child of
 * `<html>`, `<body>`, a script or iframe, or an element that belongs in a head. On a page with no `<head>`
 * that can be after some body markup, but always before every script, which is what it is for.
 */
const FIRST_ELEMENTS = 'head, html > *, body, script, iframe, meta, title, link, style, base';

/** One document's state: what has been injected, the `<base>`, the origins reported so far. */
interface DocumentState {
  injected: boolean;
  base: URL | undefined;
  reported: Set<string>;
  inline: { attributes: [string, string][]; text: string } | undefined;
}

/** Registers every handler the rewrite needs on a fresh lol-html rewriter. */
export function attachHandlers(rewriter: HTMLRewriter, options: RewriteOptions, out: Output): void {
  const matcher = new OriginMatcher(options.services, options.selfOrigin);
  const gated = options.services.filter((service) => service.category !== 'necessary');
  const state: DocumentState = { injected: false, base: undefined, reported: new Set(), inline: undefined };

  const report = (origin: string): void => {
    if (state.reported.has(origin)) return;
    state.reported.add(origin);
    try {
      options.onUnknownOrigin?.(origin);
    } catch {
      // The report is bookkeeping for the admin page; it must never break the visitor's page.
    }
  };

  /** The service a `src` belongs to when it must be gated; reports an unclaimed third party. */
  const gateFor = (src: string): RewriteService | undefined => {
    const verdict = matcher.judge(src, state.base);
    if (verdict.kind === 'unknown') report(verdict.origin);
    return verdict.kind === 'service' && verdict.service.category !== 'necessary' ? verdict.service : undefined;
  };

  const finishInline = (): void => {
    const inline = state.inline;
    if (!inline) return;
    state.inline = undefined;
    const service = signedBy(inline.text, gated);
    out.release(service && gatedStartTag(inline.attributes, service));
  };

  // Registered first, so that the snippet goes in before any other handler holds the element back.
  rewriter.on(FIRST_ELEMENTS, {
    element(el) {
      if (state.injected) return;
      state.injected = true;
      // Inside <head> it opens the head; any other first element (the page has no <head>) gets
      // the snippet right before it, where the parser still puts a script into the head.
      if (el.tagName === 'head') el.prepend(options.head, { html: true });
      else out.insert(options.head);
    },
  });

  rewriter.on('base[href]', {
    element(el) {
      // Only the first <base href> counts, as in the browser.
      state.base ??= matcher.base(el.getAttribute('href') ?? '');
    },
  });

  rewriter.on('script', {
    element(el) {
      if (!runsAsScript(el.getAttribute('type'))) return;
      const src = el.getAttribute('src');
      if (src !== null) {
        const service = gateFor(src);
        if (service) setAll(el, gateAttributes(service));
        return;
      }
      if (gated.length === 0) return;
      try {
        el.onEndTag(finishInline);
      } catch {
        // A self-closing <script/> in SVG has no end tag, and no text to read.
        return;
      }
      state.inline = { attributes: [...el.attributes], text: '' };
      out.hold();
    },
    text(chunk) {
      const inline = state.inline;
      if (!inline) return;
      out.startTagEnds();
      inline.text += chunk.text;
      if (out.heldBytes > MAX_INLINE_SCRIPT_BYTES) {
        state.inline = undefined;
        out.release();
      }
    },
  });

  rewriter.on('iframe[src]', {
    element(el) {
      const src = el.getAttribute('src') ?? '';
      const service = gateFor(src);
      if (!service) return;
      el.removeAttribute('src');
      setAll(el, [
        ['data-src', src],
        ['data-category', service.category],
        ['data-service', service.id],
      ]);
    },
  });

  // What a browser without JavaScript renders: often a service's pixel (Meta's, LinkedIn's). There
  // is no banner there to ask, so a <noscript> that loads from a gated service's host is emptied.
  // lol-html hands its contents over as text (a browser with scripting parses it so too).
  const gatedHosts = gated.flatMap((service) => service.origins.map(hostNeedle));
  let noscript = '';
  rewriter.on('noscript', {
    text(chunk) {
      noscript += chunk.text;
      if (!chunk.lastInTextNode) {
        chunk.remove();
        return;
      }
      const text = noscript.toLowerCase();
      chunk.replace(gatedHosts.some((host) => text.includes(host)) ? '' : noscript, { html: true });
      noscript = '';
    },
  });

  rewriter.onDocument({
    end(end) {
      // A script the document never closed is decided on what it holds.
      finishInline();
      if (!state.injected) end.append(options.head, { html: true });
    },
  });
}

/** What a service origin's host looks like in markup: `www.facebook.com`, or `.clarity.ms` for `https://*.clarity.ms`. */
function hostNeedle(origin: string): string {
  const host = origin
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return host.startsWith('*.') ? host.slice(1) : host;
}

function setAll(el: Element, attributes: [string, string][]): void {
  for (const [name, value] of attributes) el.setAttribute(name, value);
}
