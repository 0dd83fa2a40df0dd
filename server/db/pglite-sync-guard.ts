import type { PGlite } from "@electric-sql/pglite";

// pglite-socket 0.2.17 queues each wire-protocol message on its own and only keeps one
// connection's messages together while PGlite reports a transaction *block*. An extended-
// protocol query (Parse, Bind, Describe, Execute ... Sync: what pg sends for every
// parameterized query) is not a block, so another connection's messages could run between its
// Parse and its Sync: a BEGIN from an interactive transaction could swallow someone else's
// INSERT, which then vanished with that transaction's ROLLBACK after being reported as done.
// This guard makes PGlite also report "in transaction" from the first extended-protocol
// message to its Sync, so the queue serves that connection alone until the batch completes.

/** Frontend messages that open or continue an extended-protocol batch (ended by Sync). */
const BATCH_MESSAGES = new Set(["P", "B", "D", "E", "C", "H"].map((letter) => letter.charCodeAt(0)));
const SYNC = "S".charCodeAt(0);
const QUERY = "Q".charCodeAt(0);
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/** The PGlite to hand to PGLiteSocketServer instead of the instance itself. */
export function guardExtendedProtocolBatches(db: PGlite): PGlite {
  let isInBatch = false;
  return new Proxy(db, {
    get(target, property) {
      if (property === "isInTransaction") return () => isInBatch || target.isInTransaction();
      if (property === "execProtocolRawStream") {
        return async (message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
          const type = message[0] ?? 0;
          if (BATCH_MESSAGES.has(type)) isInBatch = true;
          else if (type === SYNC || type === QUERY) isInBatch = false;
          return target.execProtocolRawStream(message, options);
        };
      }
      if (property === "exec") {
        // Used by pglite-socket to ROLLBACK after a client vanished mid-transaction: end an
        // unfinished batch first, or the backend would ignore the ROLLBACK while awaiting Sync.
        return async (...args: Parameters<PGlite["exec"]>) => {
          if (isInBatch) {
            isInBatch = false;
            await target.execProtocolRaw(SYNC_MESSAGE);
          }
          if (!target.isInTransaction()) return [];
          return target.exec(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      // PGlite's methods use #private fields, so they must run with the real instance as `this`.
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
