// The admin stylesheet, served same-origin so the admin CSP can forbid inline styles.
export const ADMIN_CSS = `
*,*::before,*::after{box-sizing:border-box}
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--accent:#0b5cad;--danger:#b3261e;--ok:#1a7f37;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff;line-height:1.5}
body{margin:0}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:1}
.skip:focus{left:1rem}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.75rem 1.25rem;border-bottom:1px solid var(--line);background:var(--bg)}
.brand{font-weight:700;text-decoration:none;color:var(--ink)}
.top nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.top nav a[aria-current=page]{font-weight:700;color:var(--ink)}
.signout{margin-left:auto;display:flex;gap:.75rem;align-items:center;color:var(--muted)}
main{max-width:72rem;margin:0 auto;padding:1.25rem}
main:focus{outline:none}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .75rem}
form.stack{display:grid;gap:.9rem;max-width:28rem}
label{display:grid;gap:.25rem;font-weight:600}
.hint{font-weight:400;color:var(--muted);font-size:.9rem}
input,select,button,textarea{font:inherit}
input[type=email],input[type=password],input[type=text],select,textarea{padding:.5rem .6rem;border:1px solid #8c959f;border-radius:6px;width:100%}
fieldset{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem}
fieldset label{display:flex;gap:.5rem;font-weight:400}
button{padding:.5rem 1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
button.danger{background:#fff;color:var(--danger);border-color:var(--danger)}
.alert{border-left:4px solid var(--danger);background:#fdf1f0;padding:.75rem 1rem;margin:0 0 1rem}
.notice{border-left:4px solid var(--ok);background:#eef8f0;padding:.75rem 1rem;margin:0 0 1rem}
.secret{font-family:ui-monospace,monospace;font-size:1rem;word-break:break-all;background:var(--bg);padding:.75rem;border:1px solid var(--line)}
.table-wrap{overflow-x:auto}
tr.overdue td{background:#fdf1f0}
pre.secret{white-space:pre-wrap}
.chip[aria-current=page]{font-weight:700}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--bg)}
td form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:0}
td select{width:auto}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem;list-style:none;padding:0}
.cards li{border:1px solid var(--line);border-radius:8px;padding:1rem}
.muted{color:var(--muted)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.range-forms{display:flex;flex-wrap:wrap;gap:.75rem 2rem;margin:0 0 1rem}
form.inline{display:flex;flex-wrap:wrap;gap:.5rem .75rem;align-items:end}
form.inline select,input[type=date]{width:auto;padding:.45rem .5rem;border:1px solid #8c959f;border-radius:6px}
.chips{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:0 0 1rem}
.chips ul{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;margin:0;padding:0}
.chip{display:inline-block;padding:.2rem .7rem;border:1px solid var(--accent);border-radius:999px;background:#eef4fb;text-decoration:none}
.chip:hover{background:#dbe8f6}
.realtime{margin:0 0 .5rem}
.stat-cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.75rem;list-style:none;padding:0;margin:0}
.stat-cards li{border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem}
.stat-cards h3{font-size:.9rem;font-weight:600;color:var(--muted);margin:0}
.stat{font-size:1.6rem;font-weight:700;margin:.1rem 0}
.change{margin:0;font-size:.9rem;color:var(--muted)}
.chart{margin:0}
.chart-svg{display:block;width:100%;height:auto;max-height:22rem}
.legend{display:flex;flex-wrap:wrap;gap:1.25rem;list-style:none;padding:0;margin:0 0 .25rem;font-size:.9rem}
.legend svg{margin-right:.4rem;vertical-align:middle}
details{margin:.5rem 0}
summary{cursor:pointer;color:var(--accent)}
.breakdowns{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,32rem),1fr));gap:0 1.5rem}
.breakdowns h2{margin-top:1.5rem}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.bar{width:110px;vertical-align:middle}
.bar-svg{display:block}
tbody th{font-weight:400;background:none;word-break:break-word}
.csv{margin:.4rem 0 0;font-size:.9rem}
.empty{border:1px dashed var(--line);border-radius:8px;padding:0 1rem;margin:1.5rem 0}
.reasons{margin:0}
@media (max-width:40rem){.signout{margin-left:0}main{padding:1rem .75rem}th,td{padding:.4rem}td.bar{width:auto}.bar-svg{width:3rem}tbody th{min-width:8rem}}
`.trim();

/** FNV-1a, for a cache-busting file name; not security relevant. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

export const ADMIN_CSS_PATH = `/admin/assets/admin.${fnv1a(ADMIN_CSS)}.css`;
