// Which built files Candor serves under `/_candor/<version>/`, and how that version is computed.
// The gateway and the Astro integration both serve these files, and a page built by one may load
// them from the other, so both take the list and the version from here. Runtime-neutral: the
// SHA-256 is passed in, so this module needs neither `node:crypto` nor an async Web Crypto call.
import { bannerFile } from './settings.ts';

/** A synchronous SHA-256, e.g. `(bytes) => createHash('sha256').update(bytes).digest()` in Node. */
export type Sha256 = (bytes: Uint8Array) => Uint8Array;

/** One versioned file: its name under `/_candor/<version>/` and its bytes. */
export interface AssetFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * The package export of each versioned file, by file name: the banner of every given locale, its
 * CSS, the preference centre (which a banner loads from beside itself when it is first opened)
 * and the tracker.
 */
export function assetExports(locales: readonly string[]): Record<string, string> {
  const exports: Record<string, string> = {
    'consent.css': '@candor/consent/consent.css',
    'preferences.js': '@candor/consent/preferences.js',
    'tracker.js': '@candor/tracker/tracker.js',
  };
  for (const locale of locales) exports[bannerFile(locale)] = `@candor/consent/${bannerFile(locale)}`;
  return exports;
}

/**
 * A short hash of every file's name and content, so a new build of any file gets a new URL: the
 * first ten hex digits of the SHA-256 over each name, a NUL and the SHA-256 of its bytes, in name
 * order. Hashing the bytes first keeps names and contents from running into one another.
 */
export function assetVersion(files: Iterable<AssetFile>, sha256: Sha256): string {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const { name, bytes } of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    parts.push(encoder.encode(name), new Uint8Array([0]), sha256(bytes));
  const digest = sha256(concat(parts));
  return Array.from(digest.subarray(0, 5), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
