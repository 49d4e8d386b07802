// Build-time checks for the gated-tag components. A typo in a category or service would otherwise
// ship a tag that never runs (or runs under the wrong consent), so the build stops instead.
import type { CandorConfig } from '@candor/config';
import { CATEGORY_IDS, type CategoryId } from '@candor/definitions';

/** Throws unless `category` is a consent category and, with a config, `service` is one of its services. */
export function checkGate(
  component: string,
  config: CandorConfig | null,
  category: string,
  service: string | undefined,
): asserts category is CategoryId {
  if (!(CATEGORY_IDS as readonly string[]).includes(category)) {
    throw new Error(
      `<${component}>: category "${category}" is not a consent category; use one of ${CATEGORY_IDS.join(', ')}.`,
    );
  }
  // Without a config (the integration's gateway mode) the services are not known at build time.
  if (!config || service === undefined) return;
  const configured = config.services.find((s) => s.id === service);
  if (!configured) {
    const ids = config.services.map((s) => s.id);
    throw new Error(
      `<${component}>: service "${service}" is not in the Candor config's services (${ids.join(', ') || 'none'}).`,
    );
  }
  if (configured.category !== category) {
    throw new Error(
      `<${component}>: service "${service}" is in category "${configured.category}" in the Candor config, not "${category}".`,
    );
  }
}

/**
 * Throws unless `url` is http(s) or relative. The banner copies it into `src` once consent allows,
 * and a `javascript:` frame source would run in the page's own origin.
 */
export function checkUrl(component: string, attribute: string, url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url, 'https://relative.invalid/').protocol;
  } catch {
    throw new Error(`<${component}>: ${attribute} "${url}" is not a valid URL.`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new Error(`<${component}>: ${attribute} "${url}" must be an http(s) or relative URL.`);
  }
}

/**
 * The inline code of a gated script, checked: it is written between script tags unescaped (it is
 * code), so a `</script` in it would end the element early and a `<!--` changes how the rest parses.
 */
export function inlineCode(component: string, code: string): string {
  if (/<\/script|<!--/i.test(code)) {
    throw new Error(
      `<${component}>: the inline code contains "</script" or "<!--", which would end the script early; split the string, e.g. "<" + "/script>".`,
    );
  }
  return code;
}
