import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT } from '../app.ts';
import { testApp } from '../testing.ts';
import { MAX_EVENT_BYTES } from './body.ts';
import { CHROME } from './fixtures.ts';
import { readBodyWeb } from './read-body.ts';

const CHUNK = 16 * 1024;

/** A chunked body of `total` bytes that counts how much of it the server pulled. */
function countedBody(total: number) {
  const counter = { pulled: 0 };
  const chunk = new Uint8Array(CHUNK).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

// Every spelling that reaches the Hono event route or its neighbours; none may read past its cap.
const variants = ['/api/event', '/api/event?x=1', '/api/event/', '/api/%65vent', '/api/event?'];

describe('POST /api/event stops reading an oversized chunked body at the cap', () => {
  it.each(variants)('%s answers 413 and pulls at most the default limit', async (path) => {
    const { app } = testApp();
    const total = 8 * 1024 * 1024;
    const { stream, counter } = countedBody(total);
    const res = await app.request(path, {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    // Two chunks of slack: one being read when the limit trips, one the stream buffered ahead.
    expect(counter.pulled).toBeLessThanOrEqual(DEFAULT_BODY_LIMIT + 2 * CHUNK);
  });
});

describe('readBodyWeb', () => {
  const app = new Hono();
  app.post('/', async (c) => c.text(String(await readBodyWeb(c, MAX_EVENT_BYTES))));

  it('stops at the first chunk past the cap, without Content-Length', async () => {
    const { stream, counter } = countedBody(8 * 1024 * 1024);
    const res = await app.request('/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(await res.text()).toBe('too_large');
    expect(counter.pulled).toBeLessThanOrEqual(MAX_EVENT_BYTES + 2 * CHUNK);
  });

  it('refuses a declared Content-Length past the cap without reading', async () => {
    const { stream, counter } = countedBody(8 * 1024 * 1024);
    const res = await app.request('/', {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'content-length': String(MAX_EVENT_BYTES + 1) },
    } as RequestInit);
    expect(await res.text()).toBe('too_large');
    expect(counter.pulled).toBeLessThanOrEqual(CHUNK);
  });

  it.each([
    ['an empty body', ''],
    ['exactly the cap', 'a'.repeat(MAX_EVENT_BYTES)],
    ['multi-byte text', 'ü€😀'.repeat(100)],
  ])('returns %s as text', async (_name, text) => {
    const res = await app.request('/', { method: 'POST', body: text });
    expect(await res.text()).toBe(text);
  });

  it('answers too_large one byte past the cap', async () => {
    const res = await app.request('/', { method: 'POST', body: 'a'.repeat(MAX_EVENT_BYTES + 1) });
    expect(await res.text()).toBe('too_large');
  });
});
