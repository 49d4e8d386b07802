import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw, safeHref } from './html.ts';

describe('html', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const value = `"><script>alert('x')</script>&`;
    expect(html`<p title="${value}">${value}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>',
    );
  });

  it('keeps nested templates and raw markup as they are, and drops false, null and undefined', () => {
    expect(html`<ul>${['a', '<b>'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe(
      '<ul><li>a</li><li>&lt;b&gt;</li></ul>',
    );
    expect(html`${raw('<hr>')}${false}${null}${undefined}${0}`.value).toBe('<hr>0');
    expect(escapeHtml('plain')).toBe('plain');
  });

  it.each([
    ['https://example.com/privacy', 'https://example.com/privacy'],
    ['mailto:a@example.com', 'mailto:a@example.com'],
    ['/cookies#settings', '/cookies#settings'],
    ['javascript:alert(1)', '#'],
    [' JavaScript:alert(1)', '#'],
    ['data:text/html,x', '#'],
    ['//evil.example', '#'],
  ])('safeHref(%s) is %s', (url, href) => {
    expect(safeHref(url)).toBe(href);
  });
});
