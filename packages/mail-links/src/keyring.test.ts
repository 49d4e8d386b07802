import { createHash, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MailLinkError } from './errors.ts';
import { createKeyring, deriveRawKey, keyIdFor } from './keyring.ts';

const SECRET = 'correct horse battery staple, 32+ chars';
const OLD_SECRET = 'an older secret that was rotated out!!';

describe('deriveRawKey', () => {
  it.each([SECRET, OLD_SECRET, 'ünïcödé secrets are UTF-8 encoded 🔑 first'])(
    'equals node:crypto hkdfSync, as the gateway derives it (%s)',
    async (secret) => {
      const expected = new Uint8Array(hkdfSync('sha256', secret, 'candor', 'candor:unsubscribe token', 32));
      expect(await deriveRawKey(secret)).toEqual(expected);
    },
  );
});

describe('keyIdFor', () => {
  it('is the first 8 base64url chars of SHA-256("candor-kid:" + base64url(raw key))', async () => {
    const raw = await deriveRawKey(SECRET);
    const digest = createHash('sha256')
      .update(`candor-kid:${Buffer.from(raw).toString('base64url')}`)
      .digest();
    expect(await keyIdFor(raw)).toBe(digest.toString('base64url').slice(0, 8));
  });

  it('differs per secret and never contains the key', async () => {
    const raw = await deriveRawKey(SECRET);
    const id = await keyIdFor(raw);
    expect(id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(await keyIdFor(await deriveRawKey(OLD_SECRET))).not.toBe(id);
    expect(Buffer.from(raw).toString('base64url')).not.toContain(id);
  });
});

describe('createKeyring', () => {
  it('makes new tokens with the first secret and keeps the others for verification', async () => {
    const keyring = await createKeyring([SECRET, OLD_SECRET]);
    expect(keyring.currentKeyId).toBe(await keyIdFor(await deriveRawKey(SECRET)));
    expect([...keyring.keys.keys()]).toEqual([keyring.currentKeyId, await keyIdFor(await deriveRawKey(OLD_SECRET))]);
  });

  it('holds AES-GCM keys that cannot be exported', async () => {
    const keyring = await createKeyring([SECRET]);
    const key = keyring.keys.get(keyring.currentKeyId);
    expect(key?.extractable).toBe(false);
    expect(key?.algorithm.name).toBe('AES-GCM');
  });

  it('counts a secret listed twice once', async () => {
    const keyring = await createKeyring([SECRET, OLD_SECRET, SECRET]);
    expect(keyring.keys.size).toBe(2);
  });

  it.each([
    { secrets: [], message: /at least one secret/ },
    { secrets: ['too short'], message: /secret #1 is shorter than 32 characters/ },
    { secrets: [SECRET, 'x'.repeat(31)], message: /secret #2 is shorter than 32 characters/ },
  ])('refuses $secrets.length secret(s) that are not usable', async ({ secrets, message }) => {
    const attempt = createKeyring(secrets);
    await expect(attempt).rejects.toBeInstanceOf(MailLinkError);
    await expect(attempt).rejects.toThrow(message);
  });
});
