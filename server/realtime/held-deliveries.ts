import type { RealtimeMessage, Subscriber } from "@/lib/realtime/contract";
import type { RealtimeSocket } from "./types";

export type HeldDelivery = { readonly socket: RealtimeSocket; readonly messages: RealtimeMessage[] };

/**
 * Live messages held back for a socket that is not in a channel's room right now but will be:
 * while a replay is being read from the log, or while a changed identity is being re-checked.
 * `fanoutLocally` offers every message here in the same tick as its broadcast, so a message is
 * either broadcast to the room or held, never neither: no gaps. Each instance holds its own
 * sockets; with a cluster, every instance runs `fanoutLocally` for every message (cluster.ts).
 */
export class HeldDeliveries {
  private readonly byKey = new Map<string, Set<HeldDelivery>>();

  hold(key: string, socket: RealtimeSocket): HeldDelivery {
    const held: HeldDelivery = { socket, messages: [] };
    const set = this.byKey.get(key) ?? new Set<HeldDelivery>();
    this.byKey.set(key, set);
    set.add(held);
    return held;
  }

  release(key: string, held: HeldDelivery): void {
    const set = this.byKey.get(key);
    set?.delete(held);
    if (set?.size === 0) this.byKey.delete(key);
  }

  /** Holds the message for each waiting socket whose subscriber `accepts`; returns how many. */
  offer(key: string, message: RealtimeMessage, accepts: (subscriber: Subscriber) => boolean): number {
    let count = 0;
    for (const held of this.byKey.get(key) ?? []) {
      if (!held.socket.connected || !accepts(held.socket.data.subscriber)) continue;
      held.messages.push(message);
      count += 1;
    }
    return count;
  }
}
