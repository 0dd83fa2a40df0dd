import type { Logger } from "pino";
import type { Fanout, InterServerEvents, RealtimeIo, ReidentifyOptions, ReidentifyResult, SocketTarget } from "./types";

/** What one instance does for the others: the same as for itself, on its own sockets. */
export type LocalHandlers = {
  fanout: (fanout: Fanout) => number;
  reidentify: (target: SocketTarget, options: ReidentifyOptions) => Promise<ReidentifyResult>;
  count: (keys: string[]) => number[];
};

/** Reaches the sockets of the other instances; on a single instance there are none. */
export type Cluster = {
  fanoutElsewhere: (fanout: Fanout) => Promise<number>;
  reidentifyElsewhere: (target: SocketTarget, options: ReidentifyOptions) => Promise<ReidentifyResult>;
  /** The other instances' answers to `count`, summed element by element. */
  countElsewhere: (keys: string[]) => Promise<number[]>;
};

/** A little more than the adapter's own 5 s, so its partial answers normally win. */
const ANSWER_TIMEOUT_MS = 6_000;

const NO_SOCKETS: ReidentifyResult = { sockets: 0, dropped: 0, disconnected: 0 };

export const singleInstance: Cluster = {
  fanoutElsewhere: async () => 0,
  reidentifyElsewhere: async () => NO_SOCKETS,
  countElsewhere: async () => [],
};

/**
 * Several instances behind one cluster adapter (the Redis streams adapter) acting as one.
 *
 * A publish is not broadcast through the adapter's own room broadcast: each instance is sent
 * the message (`serverSideEmit`) and runs `fanoutLocally`, exactly as the publishing instance
 * does. That way sockets holding on another instance (mid-replay, mid-re-check) get it too,
 * client acks are counted where the socket lives (each instance adds its receipts to the
 * database), and the recipients of every instance come back in the ack and are summed.
 * Re-identification (sign-out, role change) travels the same way: socket data lives only in
 * the instance that holds the socket, so each instance re-checks its own.
 *
 * How many answers to wait for: the Redis streams adapter counts the instances as the
 * subscribers of its Redis channel, so one that dies (its connection drops) stops counting at
 * once. One that hangs is waited for at most 5 s (the adapter's timeout); the publish then
 * reports the recipients of those that answered, and logs a warning.
 */
export function joinCluster(io: RealtimeIo, local: LocalHandlers, logger: Logger): Cluster {
  io.on("realtime:fanout", (fanout, ack) => {
    try {
      ack(local.fanout(fanout));
    } catch (error) {
      logger.error({ err: error }, "realtime cluster: delivering another instance's message failed");
      ack(0);
    }
  });
  io.on("realtime:reidentify", (target, options, ack) => {
    local.reidentify(target, options).then(ack, (error: unknown) => {
      logger.error({ err: error, target }, "realtime cluster: reidentify for another instance failed");
      ack(NO_SOCKETS);
    });
  });

  io.on("realtime:count", (keys, ack) => ack(local.count(keys)));

  /**
   * Emits to every other instance and resolves with the answers that came. Calls the adapter
   * itself (not `io.serverSideEmit`, which drops the adapter's promise: a closed Redis client
   * would be an unhandled rejection), and gives up after ANSWER_TIMEOUT_MS, since the adapter's
   * own 5 s timer only starts once Redis has told it how many instances there are, and
   * node-redis queues commands while it reconnects.
   */
  function emitToOthers<R>(event: keyof InterServerEvents, args: unknown[], label: object): Promise<R[]> {
    return new Promise((resolve) => {
      let isDone = false;
      const finish = (answers: R[], problem?: unknown) => {
        if (isDone) return;
        isDone = true;
        clearTimeout(timer);
        if (problem) logger.warn({ err: problem, event, ...label }, "realtime cluster: not every instance answered");
        resolve(answers);
      };
      const timer = setTimeout(() => finish([], new Error(`no answer in ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
      const ack = (error: Error | null, answers: R[]) => finish(answers ?? [], error ?? undefined);
      try {
        Promise.resolve(io.of("/").adapter.serverSideEmit([event, ...args, ack]) as unknown).catch((error: unknown) => finish([], error));
      } catch (error) {
        finish([], error);
      }
    });
  }

  return {
    fanoutElsewhere: async (fanout) => {
      const counts = await emitToOthers<number>("realtime:fanout", [fanout], { messageId: fanout.message.id });
      return counts.reduce((sum, count) => sum + count, 0);
    },
    countElsewhere: async (keys) => {
      const answers = await emitToOthers<number[]>("realtime:count", [keys], { counting: keys.length });
      const length = keys.length + 1;
      return Array.from({ length }, (_unused, index) => answers.reduce((sum, counts) => sum + (counts[index] ?? 0), 0));
    },
    reidentifyElsewhere: async (target, options) => {
      const results = await emitToOthers<ReidentifyResult>("realtime:reidentify", [target, options], { target });
      return results.reduce(addResults, NO_SOCKETS);
    },
  };
}

export function addResults(a: ReidentifyResult, b: ReidentifyResult): ReidentifyResult {
  return { sockets: a.sockets + b.sockets, dropped: a.dropped + b.dropped, disconnected: a.disconnected + b.disconnected };
}
