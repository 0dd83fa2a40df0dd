import type { AlertKind } from "@/lib/alerts/alert";
import type { ChannelRef } from "@/lib/realtime/contract";
import type { Prisma } from "@/server/db/generated/prisma/client";

export type PushRequest = { alertId: string; kind: AlertKind; revision: number; channels: ChannelRef[] };

/**
 * Records that an alert change is to be pushed, in the transaction that makes the change: one
 * row whatever the number of devices, so publishing stays as fast with a million of them, and
 * the push is as durable as the alert (a restart before it is sent only delays it). The push
 * worker (worker.ts) expands it into one delivery per device.
 */
export async function enqueuePush(tx: Prisma.TransactionClient, request: PushRequest): Promise<void> {
  await tx.pushOutbox.create({
    data: { alertId: request.alertId, kind: request.kind, revision: request.revision, channels: request.channels },
  });
}

/** Wakes this instance's push worker at once (after a commit), rather than at its next poll. */
export type PushNudge = { nudge: () => void };
