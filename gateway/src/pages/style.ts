import { createHash } from 'node:crypto';
import type { CandorConfig } from '@candor/config';

// The stylesheet of Candor's own pages: an external, content-hashed file (so the CSP needs no
// 'unsafe-inline'), with the company's colours as custom properties. The colours are validated
// as #rgb/#rrggbb by the config schema, so they cannot break out of the declaration. `[hidden]`
// wins over every display rule: the shared request form carries hidden parts (its error summary,
// field errors and confirmation) that only the site's script reveals.

const DEFAULT_COLOURS = { accent: '#1f5f8b', text: '#1d2430', background: '#ffffff' };

const BASE_CSS = `
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:var(--candor-background);color:var(--candor-text);font:1rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--candor-accent)}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid var(--candor-accent);outline-offset:2px}
.skip-link{position:absolute;left:-999px}.skip-link:focus{left:1rem;top:1rem;background:var(--candor-background);padding:.5rem}
.site-header,.site-footer{border-bottom:1px solid var(--candor-line)}
.site-footer{border-top:1px solid var(--candor-line);border-bottom:0;margin-top:3rem;font-size:.9rem}
.site-header .container,.site-footer .container{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding-block:1rem}
.brand{display:inline-flex;gap:.6rem;align-items:center;font-weight:700;font-size:1.15rem;color:inherit;text-decoration:none}
.brand img{max-height:2.5rem;width:auto}
.site-footer ul{display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0;list-style:none}
.container{max-width:60rem;margin-inline:auto;padding-inline:1.25rem}
.page-header{padding-block:2rem 1rem}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;font-weight:700;color:var(--candor-accent)}
h1{margin:.25rem 0 .5rem;font-size:clamp(1.8rem,5vw,2.5rem);line-height:1.2}
h2{margin:2.5rem 0 .75rem;font-size:1.5rem;line-height:1.25}
h3{margin:0 0 .5rem;font-size:1.1rem}
.lead{font-size:1.15rem}
.muted,.hint{color:var(--candor-muted)}
.nowrap{white-space:nowrap}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.toc{margin-block:1.5rem;padding:1rem 1.25rem;border:1px solid var(--candor-line);border-radius:10px}
.toc h2{margin:0 0 .5rem;font-size:1rem}
.toc ol{margin:0;padding-left:1.25rem}
.card{padding:1rem 1.25rem;border:1px solid var(--candor-line);border-radius:10px}
.grid{display:grid;gap:1rem;margin:0;padding:0;list-style:none}
.grid-3{grid-template-columns:repeat(auto-fit,minmax(min(100%,15rem),1fr))}
.promise-card p{margin:.5rem 0}
.icon{width:1.5rem;height:1.5rem;fill:none;stroke:currentColor;stroke-width:1.75;stroke-linecap:round;stroke-linejoin:round;flex:none}
.feature-icon{color:var(--candor-accent)}
.kept-by{display:flex;gap:.6rem;align-items:flex-start;padding:.75rem 1rem;border-left:4px solid var(--candor-accent);background:var(--candor-tint)}
.facts dt{font-weight:700;margin-top:.75rem}.facts dd{margin:0}
.category-list,.rights-list,.changelog{display:grid;gap:1rem;margin:0;padding:0;list-style:none}
.rights-list li{display:grid}
.tag{display:inline-block;margin-inline-start:.5rem;padding:.1rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;vertical-align:middle}
.tag-neutral{background:var(--candor-line)}
.tag-consent{background:var(--candor-tint);color:var(--candor-accent)}
.service-list{padding-left:1.25rem}
.table-scroll{overflow-x:auto}
table{width:100%;border-collapse:collapse}
caption{text-align:start;font-weight:700;padding-block:.5rem}
th,td{padding:.5rem;border-bottom:1px solid var(--candor-line);text-align:start;vertical-align:top}
.cookie-pattern{display:block;font-size:.8rem;font-weight:400;color:var(--candor-muted)}
.changelog time{font-weight:700}.changelog p{margin:0}
address{font-style:normal}
.button{display:inline-block;padding:.6rem 1.1rem;border:0;border-radius:8px;background:var(--candor-accent);color:var(--candor-background);font:inherit;font-weight:700;cursor:pointer}
.settings-card{margin-top:2rem}
.request-form{display:grid;gap:1.5rem;margin-block:1rem 3rem}
.field{display:grid;gap:.35rem;margin:0;padding:0;border:0;min-width:0}
.field>label,legend{padding:0;font-weight:700}
.hint{margin:0;font-size:.95rem}
.optional{font-weight:400;color:var(--candor-muted)}
input[type=email],textarea{width:100%;padding:.6rem .75rem;border:2px solid var(--candor-muted);border-radius:8px;background:var(--candor-background);color:var(--candor-text);font:inherit}
.choices{display:grid;gap:.5rem}
.choices-inline{grid-template-columns:repeat(auto-fit,minmax(min(100%,14rem),1fr))}
.choice{display:flex;gap:.75rem;align-items:flex-start;padding:.75rem 1rem;border:1px solid var(--candor-line);border-radius:10px}
.choice input{flex:none;width:1.25rem;height:1.25rem;margin:.2rem 0 0;accent-color:var(--candor-accent)}
.choice label{display:grid;gap:.15rem;cursor:pointer}
.honeypot{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.request-form .button{justify-self:start}
`;

export interface PagesStylesheet {
  /** `/_candor/pages.<hash>.css`: a new look gets a new URL, so the file may be cached for a year. */
  path: string;
  css: string;
}

/** Candor's page stylesheet for this config's colours. */
export function pagesStylesheet(config: CandorConfig): PagesStylesheet {
  const colours = { ...DEFAULT_COLOURS, ...config.branding.colors };
  const css =
    `:root{--candor-accent:${colours.accent};--candor-text:${colours.text};--candor-background:${colours.background};` +
    '--candor-muted:color-mix(in srgb,var(--candor-text) 70%,var(--candor-background));' +
    '--candor-line:color-mix(in srgb,var(--candor-text) 15%,var(--candor-background));' +
    `--candor-tint:color-mix(in srgb,var(--candor-accent) 10%,var(--candor-background))}${BASE_CSS}`;
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
  return { path: `/_candor/pages.${hash}.css`, css };
}
