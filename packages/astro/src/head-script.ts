// The one inline script the integration puts in every page's <head>. It is the same text on every
// page, so one CSP hash covers the whole site. Its values are written as JSON with `<` escaped,
// so nothing in the config can close the <script> element.

/** Google Consent Mode signal → its default state. */
export type ConsentDefaults = Record<string, 'granted' | 'denied'>;

/** A script the head script adds once the document is parsed, in order, as `defer` would run it. */
export interface AddedScript {
  src: string;
  /** Attribute name → value; `''` for a flag. */
  attributes?: Record<string, string>;
}

export interface HeadScriptInput {
  defaults: ConsentDefaults;
  /** The banner config, embedded as `<script type="application/json" id="candor-consent-config">` (same-origin mode). */
  pageConfig?: object;
  scripts: AddedScript[];
}

export const CONFIG_ELEMENT_ID = 'candor-consent-config';

const literal = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * Sets the Consent Mode defaults synchronously (before any Google tag can run), keeping a
 * `dataLayer` and `gtag` the page already has; embeds the banner config, if any; then adds each
 * script after the document is parsed. Inserted scripts are async by default: `async=false` keeps
 * their order (the banner before the tracker, as the demo site's deferred tags ran).
 */
export function headScript({ defaults, pageConfig, scripts }: HeadScriptInput): string {
  const parts = [
    '(function(){var w=window,d=document;',
    'w.dataLayer=w.dataLayer||[];w.gtag=w.gtag||function(){w.dataLayer.push(arguments)};',
    `w.gtag('consent','default',${literal({ ...defaults, wait_for_update: 500 })});`,
  ];
  if (pageConfig) {
    parts.push(
      `var c=d.createElement('script');c.type='application/json';c.id=${literal(CONFIG_ELEMENT_ID)};`,
      `c.textContent=${literal(JSON.stringify(pageConfig))};d.head.appendChild(c);`,
    );
  }
  parts.push(
    `var l=${literal(scripts.map((s) => [s.src, s.attributes ?? {}]))};`,
    "function go(){l.forEach(function(e){var s=d.createElement('script');s.src=e[0];s.async=false;",
    'for(var k in e[1])s.setAttribute(k,e[1][k]);d.head.appendChild(s)})}',
    "if(d.readyState==='loading')d.addEventListener('DOMContentLoaded',go);else go()})();",
  );
  return parts.join('');
}
