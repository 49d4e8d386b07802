// The seam between the edge proxy (Web-standard, in the app) and the runtime that opens sockets
// and runs zlib (`node.ts`, built by main.ts). Tests pass their own.

/** One request to the upstream; the URL's origin is always the configured upstream's. */
export interface UpstreamRequest {
  url: URL;
  method: string;
  headers: Headers;
  /** Streamed as it arrives; null for GET and HEAD. */
  body: ReadableStream<Uint8Array> | null;
  /** Aborted when the visitor goes away: the upstream request is dropped too. */
  signal: AbortSignal;
}

/** The upstream's answer once its headers have arrived; the body streams on. */
export interface UpstreamResponse {
  status: number;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
}

/** Why no answer came: no connection in time or refused (`connect`, a 502), or no headers in time (`timeout`, a 504). */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly kind: 'connect' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/** The content codings an HTML answer may come in and be rewritten. */
export type Coding = 'gzip' | 'deflate' | 'br';

/** What `createApp` needs to proxy: a transport and the codecs, both from the runtime. */
export interface ProxyDeps {
  /** Sends the request; rejects with `UpstreamError` when no answer came. Follows no redirect. */
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  decoder(coding: Coding): TransformStream<Uint8Array, Uint8Array>;
  encoder(coding: Coding): TransformStream<Uint8Array, Uint8Array>;
}
