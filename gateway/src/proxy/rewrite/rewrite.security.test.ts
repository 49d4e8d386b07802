import { describe, expect, it } from 'vitest';
import { MAX_INLINE_SCRIPT_BYTES } from './handlers.ts';
import { HEAD, options, rewrite } from './rewrite.fixtures.ts';

const GATED_GA = 'type="text/plain" data-category="analytics" data-service="ga4"';

describe('createHtmlRewriter reads HTML as a browser does', () => {
  it('leaves scripts inside comments alone', async () => {
    const html =
      '<head><!-- <script src="https://www.googletagmanager.com/gtag/js"></script> <script>gtag("x")</script> --></head>';
    expect(await rewrite(html)).toBe(`<head>${HEAD}${html.slice(6)}`);
  });

  it('ends an inline script at the first </script>, even inside a JS string, and gates the tag after it', async () => {
    const html = '<head><script>var s = "</script><script src=https://www.googletagmanager.com/gtag/js>";</script>';
    const out = await rewrite(html);
    expect(out).toBe(
      `<head>${HEAD}<script>var s = "</script><script src=https://www.googletagmanager.com/gtag/js ${GATED_GA}>";</script>`,
    );
  });

  it('keeps a </script> in a double-escaped <!--<script> block inside the script it is in', async () => {
    const html = '<head><script>document.write("<!--<script>gtag(1)</script>-->")</script>';
    expect(await rewrite(html)).toBe(
      `<head>${HEAD}<script ${GATED_GA}>document.write("<!--<script>gtag(1)</script>-->")</script>`,
    );
  });

  it('reads unquoted attributes and uppercase tags', async () => {
    const out = await rewrite(
      '<HEAD><SCRIPT ASYNC SRC=https://www.googletagmanager.com/gtag/js?id=G-1 TYPE=text/javascript></SCRIPT>',
    );
    expect(out).toBe(
      `<HEAD>${HEAD}<SCRIPT ASYNC SRC=https://www.googletagmanager.com/gtag/js?id=G-1 TYPE="text/plain" data-category="analytics" data-service="ga4"></SCRIPT>`,
    );
  });

  it('rebuilds a gated inline start tag from attributes as written, whatever their quotes', async () => {
    const out = await rewrite(`<HEAD><SCRIPT id=x data-q='a"b' nonce="n&amp;1" TYPE=text/javascript>gtag(1)</SCRIPT>`);
    expect(out).toBe(`<HEAD>${HEAD}<script id="x" data-q='a"b' nonce="n&amp;1" ${GATED_GA}>gtag(1)</SCRIPT>`);
  });

  it('reads a src written with character references', async () => {
    const out = await rewrite('<script src="https:&#x2F;&#x2F;www.googletagmanager.com&sol;gtag/js"></script>');
    expect(out).toContain(GATED_GA);
  });

  it('gates a tracker inside <template>, where page code can clone it into the document', async () => {
    const out = await rewrite(
      '<head></head><template><script src="https://www.googletagmanager.com/gtag/js"></script><script>gtag(1)</script></template>',
    );
    expect(out).toBe(
      `<head>${HEAD}</head><template><script src="https://www.googletagmanager.com/gtag/js" ${GATED_GA}></script><script ${GATED_GA}>gtag(1)</script></template>`,
    );
  });

  it('without <head>, puts the snippet before the first element after <html>', async () => {
    expect(await rewrite('<!doctype html><html lang=de><body><script>gtag(1)</script>')).toBe(
      `<!doctype html><html lang=de>${HEAD}<body><script ${GATED_GA}>gtag(1)</script>`,
    );
    expect(await rewrite('<!doctype html>\n<script src="/a.js"></script>')).toBe(
      `<!doctype html>\n${HEAD}<script src="/a.js"></script>`,
    );
  });

  it('without <html> or <head>, puts the snippet no later than the first script', async () => {
    expect(await rewrite('<div>a</div><p>b</p><script src="/a.js"></script>')).toBe(
      `<div>a</div><p>b</p>${HEAD}<script src="/a.js"></script>`,
    );
    expect(await rewrite('<p>b</p><meta charset=utf-8>')).toBe(`<p>b</p>${HEAD}<meta charset=utf-8>`);
  });

  it('with no element at all, puts the snippet at the end (nothing there could run before it)', async () => {
    expect(await rewrite('<!doctype html><!-- hi -->hello')).toBe(`<!doctype html><!-- hi -->hello${HEAD}`);
    expect(await rewrite('')).toBe(HEAD);
    expect(await rewrite('<html>')).toBe(`<html>${HEAD}`);
  });

  it('injects once, into the first <head> only', async () => {
    const out = await rewrite('<head></head><template><head></head></template>');
    expect(out.split(HEAD)).toHaveLength(2);
  });

  it('decides a script the document never closes on the text it holds', async () => {
    expect(await rewrite('<head><script>gtag(1)')).toBe(`<head>${HEAD}<script ${GATED_GA}>gtag(1)`);
    expect(await rewrite('<head><script>var a')).toBe(`<head>${HEAD}<script>var a`);
  });

  it('passes an inline script larger than the cap on ungated and whole', async () => {
    const big = `gtag(1);${'x'.repeat(MAX_INLINE_SCRIPT_BYTES + 10)}`;
    const out = await rewrite(`<head><script>${big}</script><p>after</p>`);
    expect(out).toBe(`<head>${HEAD}<script>${big}</script><p>after</p>`);
  });

  it('changes nothing but the snippet on a page without known tags, byte for byte', async () => {
    const html = `<!DOCTYPE html>\r\n<html><head profile=x><meta charset=utf-8><TITLE>a &amp; b &copy; ü</TITLE>
<script>if (a < b && c > d) { x = '<div>'; }</script><script type="text/template"><p>{{gtag(}}</p></script>
<style>p > a { content: "</p>" }</style></head><body class = 'x'  data-a="1"><textarea><script src=https://www.googletagmanager.com/x></textarea>
<svg><script href="a.js"/></svg><p>unclosed <b>bold <i>it</b></i><img src=x.png alt="a>b"><br/><!-- c --><![CDATA[x]]><?php ?>
</body></html>`;
    expect(await rewrite(html)).toBe(html.replace('<head profile=x>', `<head profile=x>${HEAD}`));
  });

  it('never gates what no service is configured for', async () => {
    const html = '<head><script src="https://www.googletagmanager.com/gtag/js"></script><script>gtag(1)</script>';
    expect(await rewrite(html, options({ services: [] }))).toBe(`<head>${HEAD}${html.slice(6)}`);
  });
});
