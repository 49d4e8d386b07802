import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { openApiDocument } from './document.ts';

/** Serialised once: the document is static. */
const BODY = JSON.stringify(openApiDocument);

/** `GET /api/openapi.json`: the OpenAPI 3.1 document of the public API. */
export function registerOpenApiRoute(app: Hono<AppEnv>) {
  app.get('/api/openapi.json', (c) =>
    c.body(BODY, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' }),
  );
}
