import { describe, expect, it } from 'vitest';
import { assetExports, assetVersion, type Sha256 } from './assets.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/**
 * A stand-in SHA-256 that records what it hashes and answers 32 bytes of the input's length, so
 * a test can read the exact message the version is the hash of.
 */
function recordingHash() {
  const inputs: Uint8Array[] = [];
  const sha256: Sha256 = (input) => {
    inputs.push(input.slice());
    return new Uint8Array(32).fill(input.byteLength % 256);
  };
  return { sha256, inputs };
}

describe('assetExports', () => {
  it('names one banner per locale (English as consent.js), the CSS, the preference centre and the tracker', () => {
    expect(assetExports(['en', 'de'])).toEqual({
      'consent.css': '@candor/consent/consent.css',
      'consent.de.js': '@candor/consent/consent.de.js',
      'consent.js': '@candor/consent/consent.js',
      'preferences.js': '@candor/consent/preferences.js',
      'tracker.js': '@candor/tracker/tracker.js',
    });
  });

  it('names no banner for a locale that is not configured', () => {
    expect(Object.keys(assetExports(['fr']))).not.toContain('consent.js');
  });
});

describe('assetVersion', () => {
  it('hashes each name, a NUL and the hash of its bytes, in name order, and keeps ten hex digits', () => {
    const { sha256, inputs } = recordingHash();
    const version = assetVersion(
      [
        { name: 'tracker.js', bytes: bytes('tt') },
        { name: 'consent.js', bytes: bytes('a') },
      ],
      sha256,
    );
    const message = [
      ...bytes('consent.js'),
      0,
      ...new Uint8Array(32).fill(1),
      ...bytes('tracker.js'),
      0,
      ...new Uint8Array(32).fill(2),
    ];
    expect(inputs.at(-1)).toEqual(Uint8Array.from(message));
    // The outer stand-in digest is 32 bytes of the message length (86).
    expect(version).toBe('5656565656');
  });

  it('does not depend on the order the files come in', () => {
    const a = { name: 'consent.js', bytes: bytes('a') };
    const b = { name: 'tracker.js', bytes: bytes('t') };
    const first = recordingHash();
    const second = recordingHash();
    assetVersion([a, b], first.sha256);
    assetVersion([b, a], second.sha256);
    expect(second.inputs).toEqual(first.inputs);
  });
});
