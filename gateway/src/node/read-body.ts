import type { IncomingMessage } from 'node:http';
import type { BodyReader } from '../analytics/read-body.ts';
import { readBodyWeb } from '../analytics/read-body.ts';

/**
 * Reads a small body straight from Node's IncomingMessage. Going through the Web Request that
 * @hono/node-server would build (a ReadableStream, an AbortSignal) costs more than the whole
 * ingest on the hot path. Stops reading, and drops the rest, past `maxBytes`.
 */
export const readBodyNode: BodyReader = (c, maxBytes) => {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return readBodyWeb(c, maxBytes);
  if (Number(incoming.headers['content-length'] ?? 0) > maxBytes) {
    incoming.resume();
    return Promise.resolve('too_large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) chunks.push(chunk);
    });
    incoming.once('end', () => resolve(size > maxBytes ? 'too_large' : Buffer.concat(chunks, size).toString('utf8')));
    incoming.once('error', reject);
  });
};
