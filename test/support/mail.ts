import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const LINK = /\/privacy-requests\/verify\/([A-Za-z0-9_-]{43})/;

/**
 * The privacy-request confirmation token mailed to `email` by a gateway without SMTP_URL: from
 * the `.eml` the file transport writes, or, if the mail dispatcher has not sent it yet, from the
 * pending row of the SQLite mail queue.
 */
export async function tokenMailedTo(dataDir: string, email: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const dir = join(dataDir, 'mail');
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith('.eml')).sort()) {
      const eml = await readFile(join(dir, file), 'utf8');
      if (!eml.includes(`To: ${email}`)) continue;
      const token = LINK.exec(decodeParts(eml))?.[1];
      if (token) return token;
    }
    const db = new Database(join(dataDir, 'candor.sqlite'), { readonly: true });
    const row = db
      .prepare("SELECT text_body FROM mail_queue WHERE to_address = ? AND status = 'pending' ORDER BY id DESC")
      .get(email) as { text_body: string } | undefined;
    db.close();
    const pending = row && LINK.exec(row.text_body)?.[1];
    if (pending) return pending;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no confirmation mail to ${email}`);
}

/** The decoded bodies of a base64 multipart `.eml`. */
function decodeParts(eml: string): string {
  return eml
    .split(/\r\n--candor-[^\r\n]+/)
    .map((part) => {
      const [, body = ''] = part.split('\r\n\r\n');
      return /Content-Transfer-Encoding: base64/i.test(part)
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : part;
    })
    .join('\n');
}
