import type { CandorConfig } from '@candor/config';
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.ts';
import { publicPageHeaders } from '../public-page.tsx';
import { readForm } from '../request.ts';
import type { RequestDeps } from './context.ts';
import { downloadCodeHash, normaliseDownloadCode } from './export.ts';
import { Page } from './pages.tsx';

/** Wrong codes allowed per request id per hour; the sixth attempt in the hour gets a 429 page. */
export const DOWNLOAD_GUESSES_PER_HOUR = 5;
const HOUR_MS = 3_600_000;
/** Request ids with wrong guesses remembered at once; the oldest are forgotten first. */
const GUESS_MEMORY = 10_000;

/**
 * `GET /privacy-requests/download/:id` shows a form asking for the emailed code and changes
 * nothing (mail scanners fetch links). `POST` with `code` answers the zip.
 *
 * An unknown id, a wrong code and an expired package get the same 400 page, so the page tells a
 * guesser nothing. Wrong codes are counted per request id, in memory: 5 an hour, then 429 for
 * every attempt until the hour has passed. Per id, not per client, because the thing guessed is
 * one package and a guesser can change address; the id is a random UUID that only the requester's
 * email holds, so nobody else can use this to lock them out. Codes have 50 bits anyway.
 */
export function registerDownloadRoutes(app: Hono<AppEnv>, deps: RequestDeps): void {
  const { config } = deps;
  const guesses = createGuessCounter(deps.now);

  app.use('/privacy-requests/download/*', publicPageHeaders);

  app.get('/privacy-requests/download/:id', (c) => page(c, <CodePage config={config} action={c.req.path} />));

  app.post('/privacy-requests/download/:id', async (c) => {
    const id = c.req.param('id');
    if (guesses.blocked(id)) return page(c, <TooManyPage config={config} />, 429);
    const form = await readForm(c);
    const code = typeof form.code === 'string' ? normaliseDownloadCode(form.code) : '';
    const now = new Date(deps.now());
    const [request, pkg] = await Promise.all([
      deps.records.requests.byId(id),
      deps.records.requests.getExport(id, now),
    ]);
    // The hash is computed whatever was found, so a missing package answers no faster.
    const hash = await downloadCodeHash(id, code);
    if (!request || !pkg || !code || !constantTimeEqual(hash, pkg.codeHash)) {
      guesses.wrong(id);
      return page(c, <CodePage config={config} action={c.req.path} wrong />, 400);
    }
    await deps.records.requests.addEvent(id, { at: now, actor: 'requester', kind: 'export_downloaded', detail: null });
    return c.body(new Uint8Array(pkg.bytes), 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${request.reference}-data.zip"`,
      'content-length': String(pkg.bytes.length),
    });
  });
}

/** Wrong guesses per request id within a sliding hour, in memory and bounded. */
function createGuessCounter(now: () => number) {
  const wrongAt = new Map<string, number[]>();
  const recent = (id: string) => (wrongAt.get(id) ?? []).filter((t) => now() - t < HOUR_MS);
  return {
    blocked: (id: string) => recent(id).length >= DOWNLOAD_GUESSES_PER_HOUR,
    wrong(id: string) {
      const times = [...recent(id), now()];
      wrongAt.delete(id); // re-inserted last, so Map order is least recently guessed first
      wrongAt.set(id, times);
      while (wrongAt.size > GUESS_MEMORY) {
        const oldest = wrongAt.keys().next().value;
        if (oldest === undefined) break;
        wrongAt.delete(oldest);
      }
    },
  };
}

/** Same time for every position of the first difference; both are hex of the same length. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % Math.max(1, b.length));
  return diff === 0;
}

async function page(c: Context<AppEnv>, body: string | Promise<string>, status: ContentfulStatusCode = 200) {
  return c.html(`<!doctype html>${await body}`, status);
}

/** No cache, no referrer (the URL names the request), no indexing, and the page's own CSP. */

function CodePage({ config, action, wrong = false }: { config: CandorConfig; action: string; wrong?: boolean }) {
  return (
    <Page config={config} title="Download your data">
      <h1>Download your data</h1>
      {wrong ? (
        <p class="notice" role="alert">
          That did not work. Check the code in our email and try again. If the email is more than{' '}
          {config.retention.exportPackageDays} days old, the download has been deleted: make a new request.
        </p>
      ) : null}
      <p>Enter the download code from the email that told you your data is ready.</p>
      <form method="post" action={action}>
        <label for="code">Download code</label>
        <input
          id="code"
          name="code"
          required
          autocomplete="one-time-code"
          autocapitalize="characters"
          spellcheck={false}
          maxlength={32}
        />
        <button type="submit">Download (zip)</button>
      </form>
      <p class="muted">
        The file holds what we found about you, as data.json, spreadsheets (CSV) and a README.txt that explains them.
        Questions: <a href={`mailto:${config.company.privacyContact}`}>{config.company.privacyContact}</a>.
      </p>
    </Page>
  );
}

function TooManyPage({ config }: { config: CandorConfig }) {
  return (
    <Page config={config} title="Too many attempts">
      <h1>Too many attempts</h1>
      <p>
        This download is locked for an hour after several wrong codes. Try again later with the code from our email, or
        write to <a href={`mailto:${config.company.privacyContact}`}>{config.company.privacyContact}</a>.
      </p>
    </Page>
  );
}
