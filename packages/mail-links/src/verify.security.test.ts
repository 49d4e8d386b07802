import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64url } from './base64url.ts';
import { createKeyring, deriveRawKey, type Keyring } from './keyring.ts';
import { createUnsubscribeLink } from './link.ts';
import { seal } from './token.ts';
import { verifyUnsubscribeToken } from './verify.ts';

const CURRENT = 'the current secret, at least thirty-two characters';
const PREVIOUS = 'the previous secret, at least thirty-two characters';
const STRANGER = 'somebody else entirely, at least thirty-two chars';
const ISSUED_AT = new Date('2026-03-01T12:00:00Z');
const NOW = new Date('2026-03-02T12:00:00Z');
const T = ISSUED_AT.getTime() / 1000;
const INPUT = { email: 'ann@example.com', list: 'newsletter', baseUrl: 'https://x.test', issuedAt: ISSUED_AT };
const REASONS = ['malformed', 'unknown_key', 'invalid', 'expired'];

let keyring: Keyring;
let token: string;
beforeAll(async () => {
  keyring = await createKeyring([CURRENT]);
  token = (await createUnsubscribeLink(keyring, INPUT)).token;
});

const verify = (candidate: string, ring = keyring) => verifyUnsubscribeToken(ring, candidate, { now: NOW });
const split = (t: string) => {
  const [kid = '', payload = ''] = t.split('.');
  return { kid, payload: new Uint8Array(Buffer.from(payload, 'base64url')) };
};
const join = (kid: string, payload: Uint8Array) => `${kid}.${toBase64url(payload)}`;

describe('verifyUnsubscribeToken refuses forgeries', () => {
  it('refuses every single-bit flip in the IV, ciphertext and tag as invalid', async () => {
    const { kid, payload } = split(token);
    for (let i = 0; i < payload.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const flipped = payload.slice();
        flipped[i] = (flipped[i] ?? 0) ^ bit;
        expect(await verify(join(kid, flipped)), `byte ${i} bit ${bit}`).toEqual({ ok: false, reason: 'invalid' });
      }
    }
  });

  it('refuses every truncation of the token and of its payload', async () => {
    for (let length = 0; length < token.length; length++) {
      const result = await verify(token.slice(0, length));
      expect(result.ok, `first ${length} chars`).toBe(false);
    }
    const { kid, payload } = split(token);
    for (let length = 0; length < payload.length; length++) {
      const reason = length < 12 + 16 + 1 ? 'malformed' : 'invalid';
      expect(await verify(join(kid, payload.subarray(0, length)))).toEqual({ ok: false, reason });
    }
  });

  it('makes tampering with the email or list impossible, even knowing the plaintext', async () => {
    // AES-GCM is a stream cipher underneath: XOR-ing the known plaintext difference into the
    // ciphertext would rewrite the claims if the tag did not cover them.
    const { kid, payload } = split(token);
    const plaintext = `{"v":1,"p":"unsubscribe","l":"newsletter","t":${T},"e":"ann@example.com"}`;
    const ctrKey = await crypto.subtle.importKey('raw', await deriveRawKey(CURRENT), 'AES-CTR', false, ['decrypt']);
    for (const [from, to] of [
      ['ann@example.com', 'bob@example.com'],
      ['newsletter', 'promotions'],
    ] as const) {
      const forged = payload.slice();
      const offset = 12 + plaintext.indexOf(from);
      for (let i = 0; i < from.length; i++) {
        forged[offset + i] = (forged[offset + i] ?? 0) ^ from.charCodeAt(i) ^ to.charCodeAt(i);
      }
      // Without the tag check the forgery works: CTR-decrypting it (GCM counts from 2) shows the new claim.
      const counter = new Uint8Array([...forged.subarray(0, 12), 0, 0, 0, 2]);
      const readable = await crypto.subtle.decrypt(
        { name: 'AES-CTR', counter, length: 32 },
        ctrKey,
        forged.subarray(12, -16),
      );
      expect(new TextDecoder().decode(readable)).toBe(plaintext.replace(from, to));
      expect(await verify(join(kid, forged)), `${from} → ${to}`).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('refuses random payloads under a real key id', async () => {
    for (const length of [29, 60, 100]) {
      const random = crypto.getRandomValues(new Uint8Array(length));
      expect(await verify(join(keyring.currentKeyId, random))).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('refuses a token from another secret as unknown_key, and relabelled with our key id as invalid', async () => {
    const other = (await createUnsubscribeLink(await createKeyring([STRANGER]), INPUT)).token;
    expect(await verify(other)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(await verify(join(keyring.currentKeyId, split(other).payload))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a key id that is not in the keyring as unknown_key', async () => {
    const { payload } = split(token);
    expect(await verify(join('AAAAAAAA', payload))).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it.each([
    ['another format version', 'candor-unsubscribe.v2'],
    ['another purpose', 'candor-privacy-request.v1'],
  ])('refuses a ciphertext bound to %s (additional data)', async (_case, prefix) => {
    const kid = keyring.currentKeyId;
    const key = await crypto.subtle.importKey('raw', await deriveRawKey(CURRENT), 'AES-GCM', false, ['encrypt']);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plaintext = new TextEncoder().encode(`{"v":1,"p":"unsubscribe","l":"newsletter","t":${T},"e":"a@b.c"}`);
    const additionalData = new TextEncoder().encode(`${prefix}.${kid}`);
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plaintext));
    expect(await verify(join(kid, new Uint8Array([...iv, ...sealed])))).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['v 2', { v: 2, p: 'unsubscribe', l: 'newsletter', t: T, e: 'a@b.c' }],
    ['v "1"', { v: '1', p: 'unsubscribe', l: 'newsletter', t: T, e: 'a@b.c' }],
    ['p privacy', { v: 1, p: 'privacy', l: 'newsletter', t: T, e: 'a@b.c' }],
    ['missing e', { v: 1, p: 'unsubscribe', l: 'newsletter', t: T }],
    ['an extra claim', { v: 1, p: 'unsubscribe', l: 'newsletter', t: T, e: 'a@b.c', x: 1 }],
    ['a bad list id', { v: 1, p: 'unsubscribe', l: 'News Letter', t: T, e: 'a@b.c' }],
    ['a fractional t', { v: 1, p: 'unsubscribe', l: 'newsletter', t: T + 0.5, e: 'a@b.c' }],
    ['a negative t', { v: 1, p: 'unsubscribe', l: 'newsletter', t: -1, e: 'a@b.c' }],
    ['an unnormalised e', { v: 1, p: 'unsubscribe', l: 'newsletter', t: T, e: 'A@B.C' }],
    ['an implausible e', { v: 1, p: 'unsubscribe', l: 'newsletter', t: T, e: 'nobody' }],
    ['an array', [1, 'unsubscribe', 'newsletter', T, 'a@b.c']],
    ['null', null],
    ['not JSON', 'v=1&p=unsubscribe'],
  ])('refuses authentic claims with %s as invalid', async (_case, claims) => {
    const text = typeof claims === 'string' ? claims : JSON.stringify(claims);
    const sealed = await seal(keyring, new TextEncoder().encode(text));
    expect(await verify(sealed)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses authentic claims that are not UTF-8 as invalid', async () => {
    const sealed = await seal(keyring, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(await verify(sealed)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('verifyUnsubscribeToken across a key rotation', () => {
  it('verifies links made before the rotation while the old secret is kept as previous', async () => {
    const before = await createKeyring([PREVIOUS]);
    const old = await createUnsubscribeLink(before, INPUT);
    const rotated = await createKeyring([CURRENT, PREVIOUS]);
    const result = await verify(old.token, rotated);
    expect(result).toMatchObject({ ok: true, claims: { email: 'ann@example.com', keyId: before.currentKeyId } });
    const fresh = await createUnsubscribeLink(rotated, INPUT);
    expect(fresh.token.startsWith(`${keyring.currentKeyId}.`)).toBe(true);
  });

  it('refuses them as unknown_key once the old secret is removed', async () => {
    const old = await createUnsubscribeLink(await createKeyring([PREVIOUS]), INPUT);
    expect(await verify(old.token, await createKeyring([CURRENT]))).toEqual({ ok: false, reason: 'unknown_key' });
  });
});

describe('verifyUnsubscribeToken never throws', () => {
  it.each([
    ['empty', ''],
    ['only a dot', '.'],
    ['three parts', `${token}.x`],
    ['a short key id', 'AAAA.AAAA'],
    ['a padded payload', `${token}=`],
    ['over 1024 chars', `${token}${'A'.repeat(1024)}`],
    ['a megabyte', 'A'.repeat(1 << 20)],
    ['non-ASCII', 'ÄÄÄÄÄÄÄÄ.ÄÄÄ'],
  ])('answers malformed for %s', async (_case, candidate) => {
    expect(await verify(candidate)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([undefined, null, 42, {}, ['a.b']])(
    'answers malformed for a non-string (%j) from JavaScript callers',
    async (value) => {
      expect(await verify(value as unknown as string)).toEqual({ ok: false, reason: 'malformed' });
    },
  );

  it('refuses 2,000 random strings and mutations of a real token', async () => {
    const random = mulberry32(0x5eed);
    const pick = (text: string) => text[Math.floor(random() * text.length)] ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/%\u0000\n ä😀';
    const mutate = (base: string): string => {
      const at = Math.floor(random() * base.length);
      switch (Math.floor(random() * 4)) {
        case 0: {
          let replacement = pick(alphabet);
          while (replacement === base[at]) replacement = pick(alphabet);
          return base.slice(0, at) + replacement + base.slice(at + 1);
        }
        case 1:
          return base.slice(0, at) + pick(alphabet) + base.slice(at);
        case 2:
          return base.slice(0, at) + base.slice(at + 1);
        default:
          return base.slice(0, at) + base.slice(at, at + 8) + base.slice(at);
      }
    };
    for (let i = 0; i < 2000; i++) {
      const candidate =
        i % 2 === 0
          ? mutate(token)
          : Array.from({ length: Math.floor(random() * 1100) }, () => pick(alphabet)).join('');
      const result = await verify(candidate);
      expect(result.ok, `iteration ${i}: ${JSON.stringify(candidate)}`).toBe(false);
      expect(REASONS).toContain(result.ok ? 'ok' : result.reason);
    }
  });
});

/** A small seeded PRNG, so a fuzz failure can be replayed. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
