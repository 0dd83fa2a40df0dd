/**
 * An alert change to be pushed is recorded as one PushOutbox row in the transaction that
 * makes the change (server/alerts/write-alert-change.ts): one row whatever the number of
 * devices, so publishing stays as fast with a million of them, and the push is as durable as
 * the alert (a restart before it is sent only delays it). The push worker (worker.ts) expands
 * it into one delivery per device.
 */
/** Wakes this instance's push worker at once (after a commit), rather than at its next poll. */
export type PushNudge = { nudge: () => void };
