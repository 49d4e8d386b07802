import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeProxy } from './node.ts';
import { UpstreamError, type UpstreamRequest } from './types.ts';

const proxy = createNodeProxy({ connectTimeoutMs: 300, responseTimeoutMs: 300 });
const servers: (Server | TcpServer)[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen<T extends Server | TcpServer>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const get = (url: string): UpstreamRequest => ({
  url: new URL(url),
  method: 'GET',
  headers: new Headers({ host: new URL(url).host }),
  body: null,
  signal: new AbortController().signal,
});

async function failure(request: UpstreamRequest): Promise<{ kind: string; ms: number }> {
  const start = performance.now();
  const error = await proxy.send(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return { kind: (error as UpstreamError).kind, ms: performance.now() - start };
}

describe('createNodeProxy', () => {
  it('a refused connection is a connect failure', async () => {
    const port = await listen(createTcpServer());
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect((await failure(get(`http://127.0.0.1:${port}/`))).kind).toBe('connect');
  });

  it('a TLS handshake that never completes is a connect failure after connectTimeoutMs', async () => {
    // Accepts the TCP connection and never speaks TLS.
    const port = await listen(createTcpServer((socket) => sockets.push(socket)));
    const { kind, ms } = await failure(get(`https://127.0.0.1:${port}/`));
    expect(kind).toBe('connect');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2000);
  });

  it('an upstream that takes the request and never answers is a timeout after responseTimeoutMs', async () => {
    const port = await listen(createHttpServer(() => undefined));
    const { kind, ms } = await failure(get(`http://127.0.0.1:${port}/`));
    expect(kind).toBe('timeout');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2000);
  });

  it('follows no redirect and keeps every Set-Cookie and the Host it was given', async () => {
    let host: string | undefined;
    const port = await listen(
      createHttpServer((req, res) => {
        host = req.headers.host;
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.writeHead(301, { location: 'http://elsewhere.example/' }).end();
      }),
    );
    const request = get(`http://127.0.0.1:${port}/old`);
    request.headers.set('host', 'www.shop.example');
    const answer = await proxy.send(request);
    expect(answer.status).toBe(301);
    expect(answer.headers.get('location')).toBe('http://elsewhere.example/');
    expect(answer.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(host).toBe('www.shop.example');
    await answer.body?.cancel();
  });
});
