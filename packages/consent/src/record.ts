import type { ConsentRecordBody } from '@candor/definitions';

/** Proof of consent, as `POST /api/consent` takes it; defined once, with the gateway's side. */
export type RecordBody = ConsentRecordBody;

/**
 * Sends the record so that it survives a reload or navigation right after the click. `text/plain`
 * keeps the request simple (no CORS preflight).
 */
export function sendRecord(endpoint: string, body: RecordBody): void {
  const json = JSON.stringify(body);
  if (navigator.sendBeacon?.(endpoint, new Blob([json], { type: 'text/plain' }))) return;
  fetch(endpoint, { method: 'POST', body: json, keepalive: true, headers: { 'content-type': 'text/plain' } }).catch(
    () => {},
  );
}
