import type { CandorConfig } from '@candor/config';
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { sha256Hex } from '../admin/crypto.ts';
import type { AppEnv } from '../context.ts';
import { publicPageHeaders } from '../public-page.tsx';
import { readForm } from '../request.ts';
import type { RequestDeps } from './context.ts';
import { downloadCodeHash, normaliseDownloadCode } from './export.ts';
import { Page } from './pages.tsx';

export interface DownloadDeps extends RequestDeps {
  /** A key for the client (its network, hashed), for the per-client guess limit. */
  clientOf: (c: Context<AppEnv>) => string | Promise<string>;
}

/** Wrong codes allowed per request id and client per hour; the next attempt gets a 429 page. */
export const DOWNLOAD_GUESSES_PER_HOUR = 5;
/** Wrong codes allowed per request id per hour from all clients together: a guesser at many addresses. */
export const DOWNLOAD_GUESSES_PER_ID_PER_HOUR = 20;
const HOUR_MS = 3_600_000;
/** Request ids with wrong guesses remembered at once; the oldest are forgotten first. */
const GUESS_MEMORY = 10_000;

/**
 * `GET /privacy-requests/download/:id` shows a form asking for the emailed code and changes
 * nothing (mail scanners fetch links). `POST` with `code` answers the zip.
 *
 * An unknown id, a wrong code and an expired package get the same 400 page, so the page tells a
 * guesser nothing. Wrong codes are counted in memory per request id and client (5 an hour) and per
 * id (20 an hour), then 429 until the hour has passed: one client's wrong codes lock out that
 * client, not the requester, and a guesser at many addresses still meets the per-id ceiling.
 * Codes have 50 bits anyway.
 *
 * The right code answers a page (which replaces any error shown) with a button that posts a
 * ticket for the zip: `<expiry>.<SHA-256 of the id, the expiry and the stored code hash>`, good
 * for 10 minutes, so the code itself is asked only once.
 */
export function registerDownloadRoutes(app: Hono<AppEnv>, deps: DownloadDeps): void {
  const { config } = deps;
  const perClient = createGuessCounter(deps.now, DOWNLOAD_GUESSES_PER_HOUR);
  const perId = createGuessCounter(deps.now, DOWNLOAD_GUESSES_PER_ID_PER_HOUR);

  app.use('/privacy-requests/download/*', publicPageHeaders);

  app.get('/privacy-requests/download/:id', (c) => page(c, <CodePage config={config} action={c.req.path} />));

  app.post('/privacy-requests/download/:id', async (c) => {
    const id = c.req.param('id');
    const guesser = `${id}|${await deps.clientOf(c)}`;
    if (perClient.blocked(guesser) || perId.blocked(id)) return page(c, <TooManyPage config={config} />, 429);
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
      perClient.wrong(guesser);
      perId.wrong(id);
      return page(c, <CodePage config={config} action={c.req.path} wrong />, 400);
    }
    const ticket = await downloadTicket(id, pkg.codeHash, now.getTime() + TICKET_MS);
    const size = `${Math.max(1, Math.round(pkg.bytes.length / 1024))} KB`;
    return page(c, <ReadyPage config={config} action={`${c.req.path}/file`} ticket={ticket} size={size} />);
  });

  app.post('/privacy-requests/download/:id/file', async (c) => {
    const id = c.req.param('id');
    const form = await readForm(c);
    const now = new Date(deps.now());
    const [request, pkg] = await Promise.all([
      deps.records.requests.byId(id),
      deps.records.requests.getExport(id, now),
    ]);
    const ticket = typeof form.ticket === 'string' ? form.ticket : '';
    if (!request || !pkg || !(await ticketMatches(ticket, id, pkg.codeHash, now.getTime()))) {
      return page(
        c,
        <CodePage config={config} action={`/privacy-requests/download/${encodeURIComponent(id)}`} expired />,
        400,
      );
    }
    await deps.records.requests.addEvent(id, { at: now, actor: 'requester', kind: 'export_downloaded', detail: null });
    return c.body(new Uint8Array(pkg.bytes), 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${request.reference}-data.zip"`,
      'content-length': String(pkg.bytes.length),
    });
  });
}

const TICKET_MS = 10 * 60_000;

async function downloadTicket(id: string, codeHash: string, expiresAt: number): Promise<string> {
  const expiry = expiresAt.toString(36);
  return `${expiry}.${await sha256Hex(`download ticket|${id}|${expiry}|${codeHash}`)}`;
}

async function ticketMatches(ticket: string, id: string, codeHash: string, now: number): Promise<boolean> {
  const match = /^([0-9a-z]{1,12})\.([0-9a-f]{64})$/.exec(ticket);
  if (!match?.[1] || !match[2] || now >= Number.parseInt(match[1], 36)) return false;
  return constantTimeEqual(match[2], await sha256Hex(`download ticket|${id}|${match[1]}|${codeHash}`));
}

/** Wrong guesses per key within a sliding hour, in memory and bounded. */
function createGuessCounter(now: () => number, perHour: number) {
  const wrongAt = new Map<string, number[]>();
  const recent = (id: string) => (wrongAt.get(id) ?? []).filter((t) => now() - t < HOUR_MS);
  return {
    blocked: (id: string) => recent(id).length >= perHour,
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

interface CodePageProps {
  config: CandorConfig;
  action: string;
  /** The code was wrong, or the package is gone. */
  wrong?: boolean;
  /** The ticket of the ready page has run out: ask for the code again. */
  expired?: boolean;
}

function CodePage({ config, action, wrong = false, expired = false }: CodePageProps) {
  return (
    <Page config={config} title="Download your data">
      <h1>Download your data</h1>
      {wrong ? (
        <p class="alert" role="alert">
          That did not work. Check the code in our email and try again. If the email is more than{' '}
          {config.retention.exportPackageDays} days old, the download has been deleted: make a new request.
        </p>
      ) : null}
      {expired ? (
        <p class="alert" role="alert">
          That download button has expired. Enter the code again to get a new one.
        </p>
      ) : null}
      <p>Enter the download code from the second email we sent when your data was ready.</p>
      <form method="post" action={action}>
        <label for="code">Download code</label>
        <input
          id="code"
          name="code"
          type="text"
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

function ReadyPage({
  config,
  action,
  ticket,
  size,
}: {
  config: CandorConfig;
  action: string;
  ticket: string;
  size: string;
}) {
  return (
    <Page config={config} title="Your data is ready">
      <h1>Your data is ready</h1>
      <p class="notice">The code is right. Save the file within 10 minutes; after that, enter the code again.</p>
      <form method="post" action={action}>
        <input type="hidden" name="ticket" value={ticket} />
        <button type="submit">Save the zip ({size})</button>
      </form>
      <p class="muted">
        It holds data.json, spreadsheets (CSV) and a README.txt that explains them. Questions:{' '}
        <a href={`mailto:${config.company.privacyContact}`}>{config.company.privacyContact}</a>.
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
