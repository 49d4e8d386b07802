// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoConfig } from '../test-fixtures.ts';
import type { ShowPreferences } from './load-preferences.ts';

// A fresh module per test: the loading promise is module state.
async function lazy() {
  vi.resetModules();
  return import('./lazy-preferences.ts');
}

// happy-dom loads no script, so the test plays the browser: it keeps what the code appends to
// <head> and fires the script's load or error itself.
let added: HTMLScriptElement[] = [];
beforeEach(() => {
  added = [];
  vi.spyOn(document.head, 'append').mockImplementation((...nodes) => {
    added.push(...(nodes as HTMLScriptElement[]));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  delete window.__candorPreferences;
});

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the preference centre, loaded on first open', () => {
  const config = { ...demoConfig(), preferences: '/_astro/preferences.1a2b.js' };

  it('adds its script once, and hands the centre over once the script has defined it', async () => {
    const { withPreferences } = await lazy();
    const used: ShowPreferences[] = [];
    withPreferences(config, (show) => used.push(show));
    withPreferences(config, (show) => used.push(show));
    expect(added.map((s) => s.getAttribute('src'))).toEqual(['/_astro/preferences.1a2b.js']);
    await tick();
    expect(used).toEqual([]);
    const show: ShowPreferences = () => () => {};
    window.__candorPreferences = show;
    added[0]?.onload?.call(added[0], new Event('load'));
    await tick();
    expect(used).toEqual([show, show]);
  });

  it('tries again on the next open when the script failed to load', async () => {
    const { withPreferences } = await lazy();
    const use = vi.fn();
    withPreferences(config, use);
    added[0]?.onerror?.call(added[0], new Event('error'));
    await tick();
    expect(use).not.toHaveBeenCalled();
    withPreferences(config, use);
    expect(added).toHaveLength(2);
  });
});
