// The wire format of `POST /api/event`, as the tracker sends it. Types only: the tracker inlines
// its limits, because every byte of it counts, and the gateway checks them by hand on its hot path.

/** Custom properties: string values only. */
export type EventProps = Record<string, string>;

/** What `POST /api/event` takes. Absent fields are left out of the JSON, not sent as null. */
export interface EventWireBody {
  /** `pageview`, `engagement`, `404`, `Outbound Link: Click`, `File Download` or a custom name. */
  n: string;
  /** `location.href`; for `engagement`, the URL of the view it measures, without the hash. */
  u: string;
  /** `document.referrer`, on the first pageview of a page load only, and only when not empty. */
  r?: string | undefined;
  /** Custom properties, on events that have any. */
  p?: EventProps | undefined;
  /** Milliseconds the view was visible, for `engagement` only. */
  e?: number | undefined;
}
