import type { CategoryId } from '@candor/definitions';
import { HTMLRewriter } from 'html-rewriter-wasm';
import { attachHandlers } from './handlers.ts';
import { Output } from './output.ts';

export interface RewriteService {
  id: string;
  category: CategoryId;
  origins: readonly string[];
  signatures: readonly string[];
}

export interface RewriteOptions {
  /** HTML put at the start of <head> (or before the first element when there is no <head>), before any other script. */
  head: string;
  services: readonly RewriteService[];
  /** Called once per third-party script/iframe origin that no service claims (for the admin report). */
  onUnknownOrigin?(origin: string): void;
  /** The page's own origin (the public origin), so first-party scripts are not "unknown". */
  selfOrigin: string;
}

/**
 * A TransformStream over the HTML bytes (UTF-8 in, UTF-8 out). It tokenizes with lol-html (in
 * WebAssembly), so comments, raw text and `</script>` inside strings are read as a browser reads
 * them, and every byte it has no reason to change goes out as it came in.
 *
 * Each stream owns WebAssembly memory that the garbage collector cannot see, so it is freed when
 * the stream ends, fails or is cancelled; a stream that is dropped half-read without a cancel keeps
 * its rewriter until the process ends.
 */
export function createHtmlRewriter(options: RewriteOptions): TransformStream<Uint8Array, Uint8Array> {
  const out = new Output();
  let rewriter: HTMLRewriter | undefined = new HTMLRewriter(out.push);
  attachHandlers(rewriter, options, out);
  const free = (): void => {
    rewriter?.free();
    rewriter = undefined;
  };
  // Node 20 calls a transformer's `cancel` (a later addition to the Streams standard) when either
  // side is cancelled or aborted; @types/node does not declare it yet, hence the wider type.
  const transformer: Transformer<Uint8Array, Uint8Array> & { cancel(): void } = {
    async transform(chunk, controller) {
      if (!rewriter) throw new Error('the HTML rewriter has already ended');
      if (chunk.length === 0) return;
      try {
        await rewriter.write(chunk);
      } catch (error) {
        free();
        throw error;
      }
      out.drain((bytes) => controller.enqueue(bytes));
    },
    async flush(controller) {
      try {
        await rewriter?.end();
      } finally {
        free();
      }
      out.release();
      out.drain((bytes) => controller.enqueue(bytes));
    },
    cancel: free,
  };
  return new TransformStream(transformer);
}
