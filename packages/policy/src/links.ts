/**
 * Where the sections link to Candor's pages: paths on the same site ("/cookies") or absolute URLs.
 * The site passes its own paths; the gateway passes `config.pages`.
 */
export interface PolicyLinks {
  privacy: string;
  cookies: string;
  requests: string;
}

/** The paths the demo site and the gateway use by default. */
export const DEFAULT_LINKS: PolicyLinks = { privacy: '/privacy', cookies: '/cookies', requests: '/privacy/requests' };

/** A page's URL with a fragment, e.g. `/privacy/requests#erase`. */
export function withFragment(url: string, fragment: string): string {
  return `${url.split('#')[0] ?? url}#${fragment}`;
}

/** A section's anchor and heading on the privacy page. */
export interface SectionHeading {
  id: string;
  title: string;
}

/** The generated sections of the privacy page, in page order. Links between sections use these ids. */
export const POLICY_SECTIONS = {
  collected: { id: 'collected-automatically', title: 'What we collect automatically' },
  cookies: { id: 'cookies', title: 'Cookies, by category' },
  email: { id: 'email', title: 'Emails and unsubscribing' },
  retention: { id: 'retention', title: 'How long we keep data' },
  rights: { id: 'rights', title: 'Your rights' },
  contact: { id: 'contact', title: 'Contact' },
  changes: { id: 'changes', title: 'Changes to this policy' },
} as const satisfies Record<string, SectionHeading>;
