// The tracker. Pages load the build of this file as a classic deferred script:
// <script defer src="/_astro/tracker.<hash>.js" data-api="/api/event"></script>
//
// It is written for its gzip size (the budget is 1,000 bytes, see build.mjs), so the whole
// tracker is one closure, globals get short aliases (the minifier cannot rename them), and some
// idioms are picked for their bytes; each says so. It never throws into the page: the set-up runs
// inside a try, and so does `send`, where every listener ends.
//
// biome-ignore-all lint/suspicious/noAssignInExpressions: assignments inside expressions save bytes here.
// biome-ignore-all lint/complexity/noCommaOperator: so do comma sequences; each is commented.
import type { EventBody } from './body.ts';

/** The options of a custom event: `candor('Signup', { props: { plan: 'pro' } })`. */
export interface EventOptions {
  props?: Record<string, unknown>;
}

/** `window.candor`: the custom event API, plus whatever the consent banner attached. */
export interface Candor {
  (name: string, options?: EventOptions): void;
  /** The banner's stub queues calls made before the tracker loads: one `arguments` object each. */
  q?: IArguments[];
  consent?: unknown;
}

try {
  const D = document;
  // A classic script's own tag. A module has none, and the tracker then stays off (the catch).
  const data = (D.currentScript as HTMLScriptElement).dataset;
  const L = location;
  const now = Date.now;
  const json = JSON.stringify;
  // Called unbound: Web IDL makes `this` the window for the window's own methods.
  const on = addEventListener;
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const api = data.api || '/api/event';
  // "pdf,zip" → /\.(pdf|zip)$/i. Any run of non-word characters separates, so the pattern holds
  // word characters and bars only and is always valid.
  const downloads = RegExp(
    `\\.(${(data.downloads || 'pdf,zip,csv,xlsx,docx,pptx,dmg,exe,mp4').replace(/\W+/g, '|')})$`,
    'i',
  );
  // The empty hostname is file:. GPC and DNT count only when the site asks: the tracker stores
  // nothing on the device and nothing that identifies anyone, so there is nothing to opt out of.
  let off =
    (!('local' in data) && /^(localhost|127\.0\.0\.1|\[::1])?$/.test(L.hostname)) ||
    ('respectGpc' in data && nav.globalPrivacyControl) ||
    // biome-ignore lint/suspicious/noDoubleEquals: both sides are strings; one byte less.
    ('respectDnt' in data && nav.doNotTrack == '1');

  /**
   * Sends one event: `options.props` as its props, `fields` on top of the name, URL and width.
   * It is `window.candor` too, which is why the options come second. Events without a name are
   * not sent.
   *
   * Props are kept while the value is a string, number or boolean (sent as a string), the key
   * has at most 300 characters, the value at most 2,000, there are at most 30, and the body stays
   * within 4,000 bytes (a Blob counts UTF-8 bytes). Anything else is dropped, never cut: half a
   * URL would be a wrong value rather than a missing one.
   *
   * sendBeacon only queues the request, so navigation is not delayed. Where it is missing or
   * refuses (its queue is full), a keepalive fetch, which also outlives the page, takes over. A
   * string body goes as text/plain;charset=UTF-8: CORS-safelisted, so no preflight.
   */
  const send = (n: string, options?: EventOptions | 0, fields?: Partial<EventBody> | '') => {
    try {
      const body: EventBody = { n, u: L.href, ...fields };
      const props = (options as EventOptions | undefined)?.props;
      let count = 0;
      let v: unknown;
      if (props) {
        const p: Record<string, unknown> = (body.p = {});
        for (const k in props) {
          // By type, as String() would send an object as "[object Object]"; `!k[300]` is a
          // shorter length check.
          if (/^(st|n|bo)/.test(typeof (v = props[k])) && !k[300] && !(v = `${v}`)[2000] && count++ < 30) {
            p[k] = v;
            if (new Blob([json(body)]).size > 4000) delete p[k];
          }
        }
      }
      // Serialised before the chain: `sendBeacon?.(…)` skips its arguments when it is missing.
      const s = json(body);
      off || !n || nav.sendBeacon?.(api, s) || fetch(api, { method: 'POST', body: s, keepalive: true }).catch(() => {});
    } catch {}
  };

  // The current view: its URL without the hash (a new one is a new page), and when it became
  // visible: 0 while hidden, -1 once its engagement went out, which happens once per view.
  let view: string;
  let since = -1;
  let referrer = D.referrer;

  // A view is hidden before it ends, so the first hide (or pagehide) carries its engagement: one
  // visible stretch, from its start or from when it first became visible.
  const engage = () => {
    // `a || b()` for `if (!a) b()`, here and below: fewer bytes once minified.
    since < 0 || send('engagement', 0, { u: view, e: since && now() - since });
    since = -1;
  };

  // A pageview, unless only the hash (or the state alone) changed; the previous view's
  // engagement goes first. The first parameter is popstate's event. One comma sequence rather
  // than a block: fewer bytes.
  const pageview = (_?: unknown, url = L.href.split('#')[0] as string) =>
    // biome-ignore lint/suspicious/noDoubleEquals: both sides are strings; one byte less.
    url != view &&
    (engage(),
    (view = url),
    (since = D.hidden ? 0 : now()),
    send('pageview', 0, referrer && { r: referrer }),
    (referrer = '')); // the referrer belongs to the page load, not to later SPA views

  try {
    // The staff opt-out. localStorage throws when storage is blocked; that is no opt-out.
    // biome-ignore lint/suspicious/noDoubleEquals: both sides are strings; one byte less.
    off ||= localStorage.candor_ignore == 'true';
  } catch {}

  // `.map`, not `for…of` or `.forEach`: it compresses better here.
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the result is not used.
  ['push', 'replace'].map((m) => {
    const orig = history[(m += 'State') as 'pushState'];
    history[m as 'pushState'] = function (this: History) {
      // biome-ignore lint/complexity/noArguments: fewer bytes than a rest parameter.
      orig.apply(this, arguments as unknown as Parameters<History['pushState']>); // its errors are the page's
      pageview();
    };
  });
  on('popstate', pageview);
  on('visibilitychange', () => (D.hidden ? engage() : since < 0 || (since = now())));
  on('pagehide', engage);

  // Left and middle clicks (auxclick with button 1), in the capture phase so that a handler that
  // stops propagation cannot hide them. Nothing is prevented: navigation goes on. A file on
  // another host is a download first: that is what the visitor came for. An SVG <a> has no
  // pathname or hostname, so it is neither, and a nameless event is not sent.
  const click = (e: MouseEvent) => {
    const a = e.button < 2 && (e.target as Element).closest?.('a');
    a &&
      send(
        (downloads.test(a.pathname)
          ? 'File Download'
          : // biome-ignore lint/suspicious/noDoubleEquals: both sides are strings; one byte less.
            a.hostname != L.hostname && a.hostname && 'Outbound Link: Click') as string,
        { props: { url: a.href } },
      );
  };
  on('click', click, true);
  on('auxclick', click, true);

  // The consent banner may have defined window.candor first, as a queueing stub carrying
  // `.consent`: keep its own properties, then replay its queue after this page's pageview.
  const stub = (window as { candor?: Candor }).candor;
  Object.assign(((window as { candor?: Candor }).candor = send), stub);

  pageview();
  // The site's 404 page carries <meta name="candor:404">. Its pageview is sent as well, so page
  // counts stay whole, and the 404 event lists the broken paths.
  D.querySelector('[name="candor:404"]') && send('404', { props: { path: L.pathname } });
  stub?.q?.map((args) => send(...(args as unknown as Parameters<Candor>)));
} catch {}
