// The wire format of `POST /api/event` is defined once, in @candor/definitions, and the gateway
// reads the same definition. Types only: nothing of it reaches the bundle, and the tracker inlines
// its limits (see `send` in tracker.ts), because every byte of it counts.
import type { EventProps, EventWireBody } from '@candor/definitions';

/** Custom properties: string values only. */
export type Props = EventProps;

/** What `POST /api/event` takes. Absent fields are left out of the JSON, not sent as null. */
export type EventBody = EventWireBody;
