// The proxy's Node side, built by main.ts: requests through `node:http`/`node:https` (the Host
// header as given, no redirect following, separate connect and response timeouts) and zlib codecs.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Duplex, pipeline, Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import {
  constants,
  createBrotliCompress,
  createBrotliDecompress,
  createDeflate,
  createGunzip,
  createGzip,
  createInflate,
} from 'node:zlib';
import { type Coding, type ProxyDeps, UpstreamError, type UpstreamRequest, type UpstreamResponse } from './types.ts';

export interface NodeProxyOptions {
  /** No connection within this: 502. */
  connectTimeoutMs: number;
  /** Connected, but no response headers within this after the request was sent: 504. */
  responseTimeoutMs: number;
}

/** Connections to the upstream are reused: a TLS handshake per page view would dominate its latency. */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64 };

export function createNodeProxy(options: NodeProxyOptions): ProxyDeps {
  const agents = { http: new HttpAgent(AGENT_OPTIONS), https: new HttpsAgent(AGENT_OPTIONS) };
  return {
    send: (request) => send(request, options, agents),
    decoder: (coding) => webTransform(decoderFor(coding)),
    encoder: (coding) => webTransform(encoderFor(coding)),
  };
}

function send(
  { url, method, headers, body, signal }: UpstreamRequest,
  { connectTimeoutMs, responseTimeoutMs }: NodeProxyOptions,
  agents: { http: HttpAgent; https: HttpsAgent },
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:';
    const outgoing = (https ? httpsRequest : httpRequest)({
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port || (https ? 443 : 80),
      method,
      path: `${url.pathname}${url.search}`,
      headers: headerList(headers),
      agent: https ? agents.https : agents.http,
      // The upstream's certificate is checked against its own name, whatever Host is sent.
      ...(https ? { servername: url.hostname } : {}),
      signal,
    });
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const fail = (error: UpstreamError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy(error);
      reject(error);
    };
    const startResponseTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => fail(new UpstreamError('timeout', `no response within ${responseTimeoutMs} ms`)),
        responseTimeoutMs,
      );
    };
    // The response clock starts once the connection is up and the whole request is sent: a long
    // upload is the visitor's time, not the upstream's.
    let connected = false;
    let sent = false;
    const started = () => {
      if (connected && sent) startResponseTimer();
    };
    const onConnect = () => {
      connected = true;
      clearTimeout(timer);
      started();
    };
    timer = setTimeout(
      () => fail(new UpstreamError('connect', `no connection within ${connectTimeoutMs} ms`)),
      connectTimeoutMs,
    );
    outgoing.once('socket', (socket) => {
      // A reused keep-alive socket is connected already.
      if (socket.connecting) socket.once(https ? 'secureConnect' : 'connect', onConnect);
      else onConnect();
    });
    outgoing.once('finish', () => {
      sent = true;
      started();
    });
    outgoing.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new UpstreamError('connect', error.message));
    });
    outgoing.once('response', (incoming: IncomingMessage) => {
      if (settled) {
        incoming.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve({ status: incoming.statusCode ?? 502, headers: responseHeaders(incoming), body: webBody(incoming) });
    });
    // pipeline() destroys the upstream request when the visitor's upload breaks off.
    if (body) pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), outgoing, () => undefined);
    else outgoing.end();
  });
}

/** Headers as Node takes them; the Cookie header is already a single one (`upstreamRequestHeaders`). */
function headerList(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) out[name] = value;
  return out;
}

/** Every header of the answer, each repeated one (Set-Cookie above all) kept as it came. */
function responseHeaders(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    if (name !== undefined && value !== undefined) headers.append(name, value);
  }
  return headers;
}

function webBody(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  return Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
}

function decoderFor(coding: Coding): Duplex {
  if (coding === 'gzip') return createGunzip();
  if (coding === 'br') return createBrotliDecompress();
  return createInflate();
}

/** Fast settings: the page is compressed on every request, so level 6 gzip and quality 5 brotli. */
function encoderFor(coding: Coding): Duplex {
  if (coding === 'gzip') return createGzip({ level: 6 });
  if (coding === 'br') return createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  return createDeflate({ level: 6 });
}

function webTransform(stream: Duplex): TransformStream<Uint8Array, Uint8Array> {
  return Duplex.toWeb(stream) as unknown as TransformStream<Uint8Array, Uint8Array>;
}
