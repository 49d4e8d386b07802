import { describe, expect, it } from 'vitest';
import { createHtmlRewriter } from './index.ts';
import { HEAD, LEGACY_PAGE, options, rewrite, rewriteChunks, split } from './rewrite.fixtures.ts';

const encoder = new TextEncoder();

/** A seeded generator, so a failing split can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TRICKY = `${LEGACY_PAGE}<SCRIPT SRC=https://www.googletagmanager.com/a.js></SCRIPT>
<script>var s = "</scr" + "ipt>"; gtag('event', 'ü€😀');</script><script></script><p>😀 ü €</p>
<script id=a data-q='a"b'>fbq('track')</script><iframe src=https://www.youtube.com/embed/x></iframe>`;

describe('createHtmlRewriter across chunk boundaries', () => {
  it('gives the same output fed one byte at a time as in one chunk', async () => {
    const bytes = encoder.encode(TRICKY);
    const whole = await rewrite(TRICKY);
    expect(whole).toContain('data-service="meta-pixel">fbq(');
    const oneByOne = await rewriteChunks(split(bytes, [...bytes.keys()]));
    expect(oneByOne).toBe(whole);
  });

  it('gives the same output for random splits, inside tags, scripts and multi-byte characters', async () => {
    const bytes = encoder.encode(TRICKY);
    const whole = await rewrite(TRICKY);
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const cuts = Array.from({ length: 1 + Math.floor(next() * 60) }, () => Math.floor(next() * bytes.length));
      expect(await rewriteChunks(split(bytes, cuts)), `seed ${seed}`).toBe(whole);
    }
  });

  it('passes a multi-byte character split between chunks through intact', async () => {
    const bytes = encoder.encode('<p>€😀</p>');
    const out = await rewriteChunks(split(bytes, [4, 5, 7, 8, 9]), options({ head: '' }));
    expect(out).toBe('<p>€😀</p>');
  });

  it('streams a 5 MB document in bounded memory, chunk by chunk', async () => {
    const block = encoder.encode(
      `<section><h2>Part ü</h2><p class=x>${'Lorem ipsum dolor sit amet. '.repeat(20)}</p><script>var n = 1;</script>` +
        '<script src="https://www.googletagmanager.com/gtag/js"></script><iframe src="https://www.youtube.com/embed/x"></iframe></section>\n',
    );
    const blocks = Math.ceil((5 * 1024 * 1024) / block.length);
    const prefix = encoder.encode('<!doctype html><html><head></head><body>');
    let sent = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(prefix);
        if (sent++ < blocks) controller.enqueue(block);
        else controller.close();
      },
    });
    let outBytes = 0;
    let largest = 0;
    const reader = source.pipeThrough(createHtmlRewriter(options())).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      outBytes += r.value.length;
      largest = Math.max(largest, r.value.length);
    }
    expect(blocks * block.length).toBeGreaterThan(5 * 1024 * 1024);
    // Every block is rewritten as it is alone: the output is exactly that many rewritten blocks.
    const one = encoder.encode(await rewrite(new TextDecoder().decode(block), options({ head: '' })));
    expect(one.length).toBeGreaterThan(block.length);
    expect(outBytes).toBe(prefix.length + encoder.encode(HEAD).length + blocks * one.length);
    // Output leaves as input arrives: no chunk is much bigger than one input block.
    expect(largest).toBeLessThan(4 * block.length);
  }, 20_000);

  it('frees its rewriter when the reader cancels, and a new one still works', async () => {
    const stream = createHtmlRewriter(options());
    const writer = stream.writable.getWriter();
    // The pending write fails once the stream is cancelled; that is expected here.
    writer.write(encoder.encode('<head><script>gtag(')).catch(() => undefined);
    await stream.readable.cancel('gone');
    expect(await rewrite('<head>')).toContain('candor.js');
  });
});
