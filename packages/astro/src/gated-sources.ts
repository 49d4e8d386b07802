// What the gated tags of the built pages will load once the visitor agrees: the origins of gated
// scripts and frames, and the hashes of gated inline scripts (the banner runs a copy of each, so a
// strict CSP must name its text). Read from the HTML with a real tokenizer, so tags written by hand
// count as well as those of <GatedScript> and <GatedFrame>.
import { Parser } from 'htmlparser2';
import { scriptHash } from './csp.ts';

export interface GatedSources {
  scriptSrc: string[];
  frameSrc: string[];
}

/** The gated sources of one page. Relative URLs are the page's own origin: `'self'` covers them. */
export function gatedSources(html: string): GatedSources {
  const scriptSrc = new Set<string>();
  const frameSrc = new Set<string>();
  let inline: string[] | undefined;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (!('data-category' in attrs)) return;
        if (name === 'script' && attrs.type === 'text/plain') {
          if (attrs.src) addOrigin(scriptSrc, attrs.src);
          else inline = [];
        } else if (name === 'iframe' && attrs['data-src']) {
          addOrigin(frameSrc, attrs['data-src']);
        }
      },
      ontext(text) {
        inline?.push(text);
      },
      onclosetag(name) {
        if (name !== 'script' || !inline) return;
        const code = inline.join('');
        if (code.trim()) scriptSrc.add(scriptHash(code));
        inline = undefined;
      },
    },
    // Script text stays as the page holds it: the hash is of those exact characters.
    { decodeEntities: false },
  );
  parser.write(html);
  parser.end();
  return { scriptSrc: [...scriptSrc], frameSrc: [...frameSrc] };
}

function addOrigin(into: Set<string>, url: string): void {
  try {
    const { protocol, origin } = new URL(url);
    if (protocol === 'https:' || protocol === 'http:') into.add(origin);
  } catch {
    // A relative URL: the page's own origin.
  }
}
