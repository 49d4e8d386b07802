// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { candor, load, named, sent } from './test-page.ts';
import type { Candor } from './tracker.ts';

/** What the consent banner does when it loads first: a queueing stub carrying `.consent`. */
function bannerStub(): Candor {
  const stub: Candor = function () {
    stub.q ||= [];
    // biome-ignore lint/complexity/noArguments: the banner's stub queues arguments objects.
    stub.q.push(arguments);
  };
  stub.consent = { get: () => null };
  (window as { candor?: Candor }).candor = stub;
  return stub;
}

const props = (value: Record<string, unknown>) => {
  candor()?.('Signup', { props: value });
  return named('Signup')[0]?.p;
};

describe('window.candor(name, { props })', () => {
  it('sends a custom event with its props', async () => {
    await load();
    candor()?.('Signup', { props: { plan: 'pro' } });
    expect(named('Signup')).toEqual([{ n: 'Signup', u: location.href, p: { plan: 'pro' } }]);
  });

  it('sends no p without props, and nothing without a name', async () => {
    await load();
    candor()?.('Newsletter');
    candor()?.('');
    expect(sent().slice(1)).toEqual([{ n: 'Newsletter', u: location.href }]);
  });

  it.each([
    [
      'numbers and booleans become strings',
      { seats: 5, price: 9.5, annual: true },
      { seats: '5', price: '9.5', annual: 'true' },
    ],
    [
      'objects, arrays, null and undefined are dropped',
      { a: {}, b: [1], c: null, d: undefined, e: 'kept' },
      { e: 'kept' },
    ],
    ['functions and symbols are dropped', { f: () => 1, s: Symbol('x'), e: 'kept' }, { e: 'kept' }],
    [
      'a 300-character key is kept, a 301-character one dropped',
      { ['k'.repeat(300)]: 'a', ['k'.repeat(301)]: 'b' },
      { ['k'.repeat(300)]: 'a' },
    ],
    ['a 2,000-character value is kept', { a: 'v'.repeat(2000) }, { a: 'v'.repeat(2000) }],
    ['a 2,001-character value is dropped', { a: 'v'.repeat(2001), b: 'kept' }, { b: 'kept' }],
  ])('props: %s', async (_, input, expected) => {
    await load();
    expect(props(input)).toEqual(expected);
  });

  it('keeps the first 30 valid props', async () => {
    await load();
    const input = Object.fromEntries([['bad', {}], ...Array.from({ length: 40 }, (_, i) => [`k${i}`, `${i}`])]);
    const p = props(input) ?? {};
    expect(Object.keys(p)).toEqual(Array.from({ length: 30 }, (_, i) => `k${i}`));
  });

  it('drops the props that would take the body over 4,000 bytes, counting UTF-8 bytes', async () => {
    await load();
    // Each value is 1,500 characters and 3,000 bytes in UTF-8 ("é" is two bytes).
    const p = props({ a: 'é'.repeat(1500), b: 'x'.repeat(1500), c: 'é'.repeat(1500), d: 'small' }) ?? {};
    expect(Object.keys(p)).toEqual(['a', 'd']);
    const body = JSON.stringify(named('Signup')[0]);
    expect(new Blob([body]).size).toBeLessThanOrEqual(4000);
  });

  it('never throws, whatever it is given', async () => {
    await load();
    const c = candor() as unknown as (...args: unknown[]) => void;
    for (const args of [[], [null], [{}], ['X', null], ['X', { props: null }], ['X', { props: 'abc' }], ['X', 5]]) {
      expect(() => c(...args)).not.toThrow();
    }
  });
});

describe('the queue of the consent banner', () => {
  it('replays calls made before the tracker loaded, after the pageview, and keeps .consent', async () => {
    const stub = bannerStub();
    stub('Signup', { props: { plan: 'pro' } });
    stub('Demo request');
    await load();
    expect(sent().map((b) => [b.n, b.p])).toEqual([
      ['pageview', undefined],
      ['Signup', { plan: 'pro' }],
      ['Demo request', undefined],
    ]);
    expect(candor()).not.toBe(stub);
    expect(candor()?.consent).toBe(stub.consent);
  });

  it('keeps every own property of the previous window.candor', async () => {
    const stub = bannerStub();
    (stub as unknown as Record<string, unknown>).version = '1';
    await load();
    expect((candor() as unknown as Record<string, unknown>).version).toBe('1');
  });

  it('lets a banner that loads later attach .consent to the tracker, which keeps working', async () => {
    await load();
    const fn = candor();
    // The banner's installApi: keep window.candor when it exists, attach .consent.
    const c = (window as { candor?: Candor }).candor || bannerStub();
    c.consent = { get: () => null };
    expect(candor()).toBe(fn);
    candor()?.('Signup');
    expect(named('Signup')).toHaveLength(1);
  });
});
