import type { Context } from 'hono';
import type { BodyData } from 'hono/utils/body';
import type { z } from 'zod';
import { ApiError } from './errors.ts';

const JSON_TYPES = ['application/json', 'text/plain'];

/**
 * Reads a JSON body sent as application/json or text/plain (what sendBeacon uses, so the browser
 * sends no preflight). Throws 415 for other types and 400 for malformed JSON.
 */
export async function readJson(c: Context, types: readonly string[] = JSON_TYPES): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!types.includes(type)) {
    throw new ApiError('unsupported_media_type', `Send the body as ${types.join(' or ')}.`);
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_json', 'The request body is not valid JSON.');
  }
}

/**
 * The fields of a urlencoded or multipart form. A malformed body (a multipart body without its
 * boundary, a cut-off part) reads as an empty form, so the route answers its own 4xx for missing
 * fields: `c.req.parseBody()` alone throws there, and the visitor would get a 500.
 */
export async function readForm(c: Context): Promise<BodyData> {
  try {
    return await c.req.parseBody();
  } catch {
    return {};
  }
}

/** Like `readForm`, with every value of each field (checkboxes, repeated hidden fields); files are left out. */
export async function readFormFields(c: Context): Promise<Map<string, string[]>> {
  const fields = new Map<string, string[]>();
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    return fields;
  }
  for (const [name, value] of Object.entries(body)) {
    fields.set(
      name,
      (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string'),
    );
  }
  return fields;
}

/** Validates with zod; a failure is a 400 problem naming the first bad fields. */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path.map(String).join('.');
      const message = i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message;
      return path ? `${path}: ${message}` : message;
    })
    .join('; ');
  throw new ApiError('validation_failed', detail);
}
