import type { Context } from 'hono';

/** The body as text, or `too_large` past `maxBytes`. The Node entry supplies a faster reader. */
export type BodyReader = (c: Context, maxBytes: number) => Promise<string | 'too_large'>;

/** Web-standard reader: trusts nothing, checks the declared and the actual size. */
export const readBodyWeb: BodyReader = async (c, maxBytes) => {
  if (Number(c.req.header('content-length') ?? 0) > maxBytes) return 'too_large';
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes) return 'too_large';
  return new TextDecoder().decode(bytes);
};
