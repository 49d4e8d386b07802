import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './email.ts';

describe('normaliseEmail', () => {
  it.each([
    ['ann@example.com', 'ann@example.com'],
    ['  Ann@Example.COM\n', 'ann@example.com'],
    ['ANN.Lee+News@Sub.Example.org', 'ann.lee+news@sub.example.org'],
    // "é" as e + combining acute (NFD) becomes the single NFC code point.
    ['Rene\u0301@example.fr', 'ren\u00e9@example.fr'],
    ['ÅSA@EXAMPLE.SE', 'åsa@example.se'],
    ['user@localhost', 'user@localhost'],
    [`${'a'.repeat(64)}@${'b'.repeat(185)}.com`, `${'a'.repeat(64)}@${'b'.repeat(185)}.com`],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['no @', 'ann.example.com'],
    ['two @', 'ann@lee@example.com'],
    ['empty local part', '@example.com'],
    ['empty domain', 'ann@'],
    ['inner space', 'ann lee@example.com'],
    ['tab', 'ann\t@example.com'],
    ['CRLF header injection', 'ann@example.com\r\nBcc: eve@example.com'],
    ['NUL', 'ann\u0000@example.com'],
    ['C1 control', 'ann\u0085@example.com'],
    ['no-break space', 'ann\u00a0@example.com'],
    ['line separator', 'ann\u2028@example.com'],
    ['255 octets', `${'a'.repeat(64)}@${'b'.repeat(186)}.com`],
    ['255 octets with multi-byte characters', `${'ä'.repeat(120)}@${'b'.repeat(10)}.com`],
  ])('rejects %s', (_case, input) => {
    expect(normaliseEmail(input)).toBeUndefined();
  });
});
