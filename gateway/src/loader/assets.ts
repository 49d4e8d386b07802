// LoaderAssets: `GET /candor.js` and the versioned files it loads, built once at start-up
// (`loadLoaderAssets` in node-assets.ts) and served from memory.
import type { Bytes } from '../site/assets.ts';

export interface LoaderFile {
  body: Bytes;
  /** Precompressed variants, present when they are smaller than the body. */
  gzip?: Bytes;
  br?: Bytes;
  contentType: string;
  /** Strong validator of the identity body, without quotes. */
  etag: string;
}

export interface LoaderAssets {
  /** A short content hash of every versioned file: their URLs are `/_candor/<version>/<name>`. */
  version: string;
  /** The rendered loader, `GET /candor.js`. */
  loader: LoaderFile;
  /** File name (`consent.de.js`, `consent.css`, `tracker.js`) → file. */
  files: ReadonlyMap<string, LoaderFile>;
}

/** The loader is what a company's pages name: short-lived, so a new version reaches them within minutes. */
export const LOADER_CACHE = 'public, max-age=300';
/** A versioned file never changes under its URL. */
export const VERSIONED_CACHE = 'public, max-age=31536000, immutable';
