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
 * behind a placeholder: "Load once" shows it on this page and records nothing; "Always allow"
 * asks for its one service, never its category. A later choice that does not allow it unloads it.
 */
export function gateFrames(
  may: May,
  /** The display name of a configured service; undefined for an unknown one. */
  name: (service: string) => string | undefined,
  t: { blocked: string; only: string; once: string; always: string },
  grant: (service: string) => void,
): void {
  for (const frame of document.querySelectorAll<HTMLIFrameElement>('iframe[data-src][data-category]')) {
    const { category = '', service = '', src = '' } = frame.dataset;
    const prev = frame.previousElementSibling;
    let placeholder = prev?.classList.contains('candor-ph') ? prev : null;
    const load = () => {
      placeholder?.remove();
      frame.hidden = false;
      if (frame.getAttribute('src') !== src) frame.src = src;
    };
    if (may(category, service)) load();
    else if (!placeholder) {
      if (frame.hasAttribute('src')) frame.src = 'about:blank';
      frame.hidden = true;
      // Without a known service there is nothing to allow but the category: it loads once only.
      const svc = name(service);
      placeholder = h(
        'div',
        { class: 'candor-ph' },
        // <bdi>: a Latin service name keeps its own direction inside Arabic text.
        h('p', {}, svc ? `${t.blocked} ${t.only} ` : t.blocked, svc && h('bdi', {}, svc)),
        // The two look the same: neither answer is pushed (EDPB).
        h('div', { class: 'candor-actions' }, button(t.once, load), svc && button(t.always, () => grant(service))),
      );
      frame.before(placeholder);
    }
  }
}
