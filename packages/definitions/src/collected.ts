// What Candor's own analytics collects, once. The privacy policy's "What we collect automatically"
// list is generated from these entries, and a gateway test checks that together they name every
// column of the events table, so a new column cannot go unmentioned in the policy.

export interface CollectedItem {
  id: string;
  /** The policy's term for it. */
  label: string;
  /** The events-table columns it fills; empty for what is used and not stored. */
  columns: readonly string[];
  /**
   * The policy's sentence. `{pageAddress}` stands for how the page address is kept ("without its
   * query string", or with the query parameters the config keeps).
   */
  text: string;
}

export const COLLECTED: readonly CollectedItem[] = [
  {
    id: 'ip',
    label: 'Your IP address',
    columns: ['country'],
    text: 'Used only to look up which country the visit comes from, then discarded. It is never stored or written to a log.',
  },
  {
    id: 'browser',
    label: 'Operating system and browser',
    columns: ['browser', 'browser_version', 'os', 'device'],
    text: 'Kept as a name, such as “Firefox on macOS”, and a device type. The full browser identification string is not stored.',
  },
  {
    id: 'referrer',
    label: 'Referring site',
    columns: ['source', 'referrer_host'],
    text: 'The site or campaign that sent you here, such as a search engine or a newsletter link.',
  },
  {
    id: 'campaign',
    label: 'Campaign tags',
    columns: ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'],
    text:
      'The five utm_ tags of the link you followed (source, medium, campaign, term and content), stored with the ' +
      'visit: source, medium and campaign up to 200 characters, term and content up to 50. A newsletter link can ' +
      'carry an identifier of its recipient in these tags; a long one is cut off, a short one is stored. They are ' +
      'not kept in the page address.',
  },
  {
    id: 'activity',
    label: 'Page activity',
    columns: ['time', 'name', 'path', 'engaged_ms', 'props'],
    text:
      'The pages you view (their address {pageAddress}), how long they stay open, and downloads or links you ' +
      'follow from them.',
  },
];

/**
 * Columns that describe the visit and not the visitor: which site, and the random visit id
 * (`session_id`, from a salted hash that exists for at most 48 hours) and first-of-day flag that
 * let a visitor be counted once without being identified.
 */
export const BOOKKEEPING_COLUMNS: readonly string[] = ['site', 'session_id', 'first_of_day'];
