import type { Logger } from "pino";
import type { Fanout, RealtimeIo, ReidentifyOptions, ReidentifyResult, SocketTarget } from "./types";

/** What one instance does for the others: the same as for itself, on its own sockets. */
export type LocalHandlers = {
  fanout: (fanout: Fanout) => number;
  reidentify: (target: SocketTarget, options: ReidentifyOptions) => Promise<ReidentifyResult>;
};

/** Reaches the sockets of the other instances; on a single instance there are none. */
export type Cluster = {
  fanoutElsewhere: (fanout: Fanout) => Promise<number>;
  reidentifyElsewhere: (target: SocketTarget, options: ReidentifyOptions) => Promise<ReidentifyResult>;
};

const NO_SOCKETS: ReidentifyResult = { sockets: 0, dropped: 0, disconnected: 0 };

export const singleInstance: Cluster = {
  fanoutElsewhere: async () => 0,
  reidentifyElsewhere: async () => NO_SOCKETS,
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

  return {
    fanoutElsewhere: (fanout) =>
      new Promise((resolve) => {
        io.serverSideEmit("realtime:fanout", fanout, (error: Error | null, counts: number[]) => {
          if (error) logger.warn({ err: error, messageId: fanout.message.id }, "realtime cluster: not every instance confirmed a delivery");
          resolve(counts.reduce((sum, count) => sum + count, 0));
        });
      }),
    reidentifyElsewhere: (target, options) =>
      new Promise((resolve) => {
        io.serverSideEmit("realtime:reidentify", target, options, (error: Error | null, results: ReidentifyResult[]) => {
          if (error) logger.warn({ err: error, target }, "realtime cluster: not every instance confirmed a reidentify");
          resolve(results.reduce(addResults, NO_SOCKETS));
        });
      }),
  };
}

export function addResults(a: ReidentifyResult, b: ReidentifyResult): ReidentifyResult {
  return { sockets: a.sockets + b.sockets, dropped: a.dropped + b.dropped, disconnected: a.disconnected + b.disconnected };
}
