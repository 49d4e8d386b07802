import type { Context } from 'hono';

/** The body as text, or `too_large` past `maxBytes`. The Node entry supplies a faster reader. */
export type BodyReader = (c: Context, maxBytes: number) => Promise<string | 'too_large'>;

/**
 * Web-standard reader: trusts nothing, checks the declared size, then reads the stream and stops
 * at the first byte past `maxBytes`, so an oversized (or chunked, endless) body is never buffered.
 */
export const readBodyWeb: BodyReader = async (c, maxBytes) => {
  if (Number(c.req.header('content-length') ?? 0) > maxBytes) return 'too_large';
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => undefined);
      return 'too_large';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
};
