import type { RealtimeSocket } from "./types";

/**
 * Open sockets per key (a client address, a session) against a cap. A place is taken
 * synchronously, so handshakes that arrive together can't all pass the cap, and given back once.
 */
export class OpenSocketCounts {
  private readonly counts = new Map<string, number>();

  /** `Infinity`: counted, never refused. */
  constructor(private readonly max: number) {}

  /** Takes a place for `key`, or undefined when `max` are taken. The release may be called any number of times. */
  take(key: string): (() => void) | undefined {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.counts.set(key, count + 1);
    let isHeld = true;
    return () => {
      if (!isHeld) return;
      isHeld = false;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }
}

/**
 * Calls `release` when the socket's connection ends, also when it ends before Socket.IO got as
 * far as "connection" (it then drops the socket without a "disconnect"), and at once if it has
 * ended already (Socket.IO will drop the socket after the middleware).
 */
export function releaseWhenClosed(socket: RealtimeSocket, release: () => void): void {
  if (socket.conn.readyState !== "open") {
    release();
    return;
  }
  socket.once("disconnect", release);
  socket.conn.once("close", release);
}
