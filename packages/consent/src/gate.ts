import { button } from './ui/banner.ts';
import { h } from './ui/dom.ts';

export type May = (category: string, service?: string) => boolean;

/** A gated script that has run on this page, as [category, service]. */
export type Ran = [string, string | undefined];

const queued = new WeakSet<Element>();

/**
 * Runs every `<script type="text/plain" data-category>` that consent now allows, once, in document
 * order. A script only runs when inserted, so each is replaced by a copy without the inert type;
 * like the parser, a classic external script (no `async`) runs before anything after it.
 */
export function activateScripts(may: May, ran: Ran[]): void {
  const queue = [...document.querySelectorAll<HTMLScriptElement>('script[type="text/plain"][data-category]')].filter(
    (old) => !queued.has(old) && may(old.dataset.category ?? '', old.dataset.service),
  );
  for (const old of queue) queued.add(old);
  const next = (): void => {
    for (let old = queue.shift(); old; old = queue.shift()) {
      queued.delete(old);
      const { category = '', service } = old.dataset;
      // Consent may have been withdrawn while an earlier script was loading.
      if (!may(category, service)) continue;
      const script = document.createElement('script');
      for (const { name, value } of old.attributes) if (name !== 'type') script.setAttribute(name, value);
      script.async = old.hasAttribute('async');
      script.text = old.text;
      old.replaceWith(script);
      ran.push([category, service]);
      if (script.src && !script.async) {
        script.onload = script.onerror = next;
        return;
      }
    }
  };
  next();
}

/** A script that already ran for consent that is now gone cannot be stopped; only a reload can. */
export function mustReload(ran: Ran[], may: May): boolean {
  return ran.some(([category, service]) => !may(category, service));
}

/**
 * Loads each `<iframe data-src data-category>` that consent allows. Until then the frame is hidden
 * behind a placeholder whose button asks for that consent; a withdrawal unloads it again.
 */
export function gateFrames(
  may: May,
  /** What loading the frame turns on, shown after `blocked`. */
  name: (category: string, service?: string) => string,
  t: { blocked: string; load: string },
  grant: (category: string, service?: string) => void,
): void {
  for (const frame of document.querySelectorAll<HTMLIFrameElement>('iframe[data-src][data-category]')) {
    const { category = '', service, src = '' } = frame.dataset;
    const prev = frame.previousElementSibling;
    const placeholder = prev?.classList.contains('candor-ph') ? prev : null;
    if (may(category, service)) {
      placeholder?.remove();
      frame.hidden = false;
      if (frame.getAttribute('src') !== src) frame.src = src;
    } else if (!placeholder) {
      if (frame.hasAttribute('src')) frame.src = 'about:blank';
      frame.hidden = true;
      // <bdi>: a Latin service name keeps its own direction inside Arabic text.
      const text = h('p', {}, `${t.blocked} `, h('bdi', {}, name(category, service)));
      frame.before(
        h(
          'div',
          { class: 'candor-ph' },
          text,
          button(t.load, () => grant(category, service)),
        ),
      );
    }
  }
}
