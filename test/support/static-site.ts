import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

export interface StaticSite {
  url: string;
  /** Every path the browser asked this site for, in order. */
  requests: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/**
 * Serves a folder of plain files on 127.0.0.1, as a company's own web server would: no Candor
 * code, and no Content-Security-Policy unless `headers` gives one for a path. In HTML, each
 * `{{KEY}}` is replaced by `vars[KEY]`, so a page can name an origin that is only known once the
 * test has started (the gateway's port).
 */
export async function startStaticSite(
  dir: string,
  vars: Record<string, string> = {},
  headers: (path: string) => Record<string, string> = () => ({}),
): Promise<StaticSite> {
  const root = normalize(dir + sep);
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    // A path that climbs out of the folder is simply not there.
    const type = TYPES[extname(file)];
    if (!file.startsWith(root) || type === undefined || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      let body = await readFile(file, 'utf8');
      if (type.startsWith('text/html')) body = body.replace(/\{\{(\w+)\}\}/g, (m, key: string) => vars[key] ?? m);
      res.writeHead(200, { ...headers(path), 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A port that was free a moment ago on 127.0.0.1, for a child process that must know it in advance. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
