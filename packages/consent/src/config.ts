import type { PageConfig } from './types.ts';

export const CONFIG_ID = 'candor-consent-config';

/**
 * The config the page embeds as JSON, or null when it is missing or malformed. Only what the banner
 * would trip over is checked: the site builds this JSON from an already validated config.
 */
export function readConfig(doc: Document): PageConfig | null {
  try {
    const c: PageConfig = JSON.parse(doc.getElementById(CONFIG_ID)?.textContent ?? '');
    const ok =
      c.revision &&
      c.endpoint &&
      c.cookie?.name &&
      c.links &&
      c.consentMode &&
      c.categories?.every((cat) => cat.services?.every((svc) => svc.cookies));
    return ok ? c : null;
  } catch {
    return null;
  }
}
