// The proxy's own error pages. They say what happened in the visitor's terms and nothing about
// the upstream (its address, the error code), which is the operator's to read in the log.

const PAGES = {
  502: {
    title: 'This site is not reachable right now',
    text: 'The server behind this site could not be reached. Please try again in a few minutes.',
  },
  504: {
    title: 'This site is taking too long',
    text: 'The server behind this site did not answer in time. Please try again in a few minutes.',
  },
} as const;

/** A small HTML page for 502 (unreachable upstream) or 504 (no answer in time); never cached. */
export function upstreamErrorPage(status: 502 | 504): Response {
  const { title, text } = PAGES[status];
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
    `<body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}
