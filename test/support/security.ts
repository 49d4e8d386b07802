import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { root, siteDist } from './paths.ts';

/** A CSP as directive → sources, names lower-cased. Repeated directives keep the first (as browsers do). */
export function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!directives.has(key)) directives.set(key, sources);
  }
  return directives;
}

/** What is wrong with a page's CSP, as readable sentences; empty when nothing is. */
export function cspProblems(header: string | undefined): string[] {
  if (!header) return ['no Content-Security-Policy header'];
  const csp = parseCsp(header);
  const problems: string[] = [];
  if (!csp.has('default-src')) problems.push('no default-src');
  const scripts = csp.get('script-src-elem') ?? csp.get('script-src') ?? csp.get('default-src') ?? [];
  for (const [name, sources] of [
    ['script-src', csp.get('script-src') ?? csp.get('default-src') ?? []],
    ['script-src-elem', scripts],
    ['script-src-attr', csp.get('script-src-attr') ?? csp.get('script-src') ?? csp.get('default-src') ?? []],
  ] as const) {
    const lowered = sources.map((s) => s.toLowerCase());
    if (lowered.includes("'unsafe-inline'")) problems.push(`${name} allows 'unsafe-inline'`);
    if (lowered.includes("'unsafe-eval'")) problems.push(`${name} allows 'unsafe-eval'`);
  }
  for (const [name, sources] of csp) {
    for (const source of sources) {
      if (source.includes('*')) problems.push(`${name} has the wildcard source ${source}`);
      if (/^(https?|wss?):?$/i.test(source.replace(/:$/, '')))
        problems.push(`${name} allows any host by scheme ${source}`);
    }
  }
  const objects = csp.get('object-src') ?? csp.get('default-src') ?? [];
  if (objects.join(' ') !== "'none'") problems.push(`plugins allowed: object-src ${objects.join(' ')}`);
  return problems;
}

const GOOD_REFERRER = new Set([
  'no-referrer',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'origin-when-cross-origin',
]);

/** The security headers every HTML page must carry; one sentence per problem. */
export function headerProblems(headers: Record<string, string>): string[] {
  const problems = cspProblems(headers['content-security-policy']).map((p) => `CSP: ${p}`);
  if (headers['x-content-type-options']?.toLowerCase() !== 'nosniff') {
    problems.push(`x-content-type-options is ${JSON.stringify(headers['x-content-type-options'])}`);
  }
  const ancestors = parseCsp(headers['content-security-policy'] ?? '').get('frame-ancestors');
  const framingDenied =
    (ancestors?.length === 1 && ancestors[0] === "'none'") || headers['x-frame-options']?.toUpperCase() === 'DENY';
  if (!framingDenied) problems.push("neither frame-ancestors 'none' nor X-Frame-Options: DENY");
  const referrer = headers['referrer-policy']?.split(',').at(-1)?.trim().toLowerCase();
  if (!referrer || !GOOD_REFERRER.has(referrer)) {
    problems.push(`referrer-policy is ${JSON.stringify(headers['referrer-policy'])}`);
  }
  if (headers['set-cookie'] !== undefined) problems.push(`sets a cookie: ${headers['set-cookie']}`);
  return problems;
}

/** Reports every CSP violation to the console, where `watch` picks it up; add before the first page. */
export async function reportCspViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile}`),
    );
  });
}

/**
 * Collects, for one page, CSP violations (the event, via reportCspViolations, and Chromium's own
 * "Refused to …" messages), console errors and uncaught exceptions. `allow` drops expected errors
 * (Chromium logs a document's own 4xx status as one).
 */
export function watch(page: Page, allow: (text: string, url: string) => boolean = () => false) {
  const problems: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    const refused =
      /Refused to |violates the following Content Security Policy/.test(text) || text.startsWith('CSP violation');
    if ((m.type() === 'error' || refused) && !(m.type() === 'error' && allow(text, m.location().url))) {
      problems.push(`console ${m.type()}: ${text}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  return problems;
}

/** Every page of the built site as a URL path, locales included; 404.html stands for an unknown path. */
export function builtSitePages(dist = siteDist): { path: string; status: number }[] {
  const files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => relative(dist, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
  return files.map((file) => {
    if (/(^|\/)404\.html$/.test(file)) {
      return { path: `/${file.replace(/404\.html$/, '')}no-such-page-for-security-suite`, status: 404 };
    }
    const path = `/${file.replace(/(^|\/)index\.html$/, '').replace(/\.html$/, '')}`;
    return { path, status: 200 };
  });
}

export interface SourceRoute {
  method: string;
  path: string;
  file: string;
}

/**
 * The routes the gateway registers, read from its sources (`app.get('/x', …)` and friends), with
 * `${CONSTANT}` and bare constants resolved where they are string literals. A route added later is
 * found without editing the suite.
 */
export function routesFromSource(dir = join(root, 'gateway/src')): SourceRoute[] {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && e.name !== 'testing.ts')
    .map((e) => join(e.parentPath, e.name));
  const sources = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const constants = new Map<string, string>();
  for (const text of sources.values()) {
    for (const m of text.matchAll(/\bconst ([A-Z][A-Z0-9_]*)\s*=\s*'([^']*)'/g))
      constants.set(m[1] as string, m[2] as string);
  }
  const routes: SourceRoute[] = [];
  const call = /\bapp\.(get|post|put|patch|delete|all)\(\s*(?:'([^']*)'|`([^`]*)`|([A-Z][A-Z0-9_]*)\s*,)/g;
  for (const [file, text] of sources) {
    // Skip doc comments' examples: only code lines count.
    const code = text
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/)/.test(line))
      .join('\n');
    for (const m of code.matchAll(call)) {
      const method = (m[1] as string).toUpperCase();
      let path: string | undefined;
      if (m[2] !== undefined) path = m[2];
      else if (m[3] !== undefined) {
        path = m[3].replace(/\$\{([A-Za-z_]\w*)\}/g, (_, name: string) => constants.get(name) ?? `:${name}`);
      } else if (m[4] !== undefined) path = constants.get(m[4]);
      if (path?.startsWith('/')) routes.push({ method, path, file: relative(root, file) });
    }
  }
  return routes;
}

/** A concrete URL path for a route pattern: parameters become harmless placeholders. */
export function concretePath(pattern: string): string {
  return pattern
    .replace(/:token\b/g, 'not-a-token')
    .replace(/:(\w+)/g, 'no-such-$1')
    .replace(/\*$/, 'no-such-page');
}

/** The `href`s and post-form actions of an HTML page, same-origin paths only. */
export function linksAndForms(html: string): { links: string[]; posts: string[] } {
  const decode = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&#x2F;/gi, '/')
      .replace(/&quot;/g, '"');
  const links = [...html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)].map((m) => decode(m[1] as string));
  const posts = [...html.matchAll(/<form\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => /\bmethod="post"/i.test(tag))
    .map((tag) => decode(/\baction="([^"]+)"/.exec(tag)?.[1] ?? ''));
  const local = (u: string) => u.startsWith('/') && !u.startsWith('//');
  return { links: links.filter(local), posts: posts.filter(local) };
}
