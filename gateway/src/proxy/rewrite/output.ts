const encoder = new TextEncoder();

/**
 * Where lol-html's output goes before the stream passes it on. It can hold back one element, an
 * inline script, until the script's text has been read: lol-html writes a start tag as soon as
 * its handler returns, but whether the tag must change is known only at the end tag.
 *
 * This leans on one property of lol-html, which the streaming tests pin down: when an element or
 * text handler runs, everything before that token has already reached the sink and the token
 * itself has not. So the bytes between `hold()` and the first text are exactly the start tag.
 */
export class Output {
  #ready: Uint8Array[] = [];
  #held: Uint8Array[] | undefined;
  #heldBytes = 0;
  #startTagBytes: number | undefined;

  /** lol-html's sink. */
  readonly push = (chunk: Uint8Array): void => {
    if (this.#held) {
      this.#held.push(chunk);
      this.#heldBytes += chunk.length;
    } else this.#ready.push(chunk);
  };

  /** Writes HTML of Candor's own at this point of the output. */
  insert(html: string): void {
    this.push(encoder.encode(html));
  }

  get holding(): boolean {
    return this.#held !== undefined;
  }

  get heldBytes(): number {
    return this.#heldBytes;
  }

  /** Starts holding back: call it from the element handler of the tag to hold. */
  hold(): void {
    this.#held = [];
    this.#heldBytes = 0;
    this.#startTagBytes = undefined;
  }

  /** Marks where the held start tag ends: call it from the first text handler. */
  startTagEnds(): void {
    this.#startTagBytes ??= this.#heldBytes;
  }

  /**
   * Lets the held bytes go, as they were or with the start tag replaced. A hold whose bytes do not
   * open a tag means the property above no longer holds; they then go out untouched.
   */
  release(startTag?: string): void {
    const held = this.#held;
    if (!held) return;
    this.#held = undefined;
    const bytes = concat(held, this.#heldBytes);
    const tagEnd = this.#startTagBytes ?? bytes.length;
    if (startTag === undefined || bytes[0] !== 0x3c || bytes[tagEnd - 1] !== 0x3e) this.#ready.push(bytes);
    else this.#ready.push(encoder.encode(startTag), bytes.subarray(tagEnd));
  }

  /** Hands what is ready to the stream as one chunk: lol-html writes many small ones per tag. */
  drain(enqueue: (chunk: Uint8Array) => void): void {
    const ready = this.#ready;
    if (ready.length === 0) return;
    this.#ready = [];
    const bytes = concat(
      ready,
      ready.reduce((sum, chunk) => sum + chunk.length, 0),
    );
    if (bytes.length > 0) enqueue(bytes);
  }
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
