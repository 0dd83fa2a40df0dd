import { randomUUID } from "node:crypto";
import type { Server as HttpServer } from "node:http";
import { pino, type Logger } from "pino";
import { Server, type ServerOptions } from "socket.io";
import {
  channelKey,
  channelOfKey,
  formatIssues,
  normalizeChannel,
  subscribeRequestSchema,
  subscriberSchema,
  unsubscribeRequestSchema,
} from "@/lib/realtime/channel";
import {
  RealtimeErrorCode,
  SOCKET_IO_PATH,
  type ChannelRef,
  type ConnectErrorData,
  type RealtimeError,
  type ReplaySummary,
  type SocketData,
  type SubscribeReply,
  type Subscriber,
  type UnsubscribeReply,
} from "@/lib/realtime/contract";
import { addResults, joinCluster, singleInstance } from "./cluster";
import { createCoalescingLoader } from "./coalescing-loader";
import { HeldDeliveries } from "./held-deliveries";
import { createInMemoryMessageLog, type MessageLog } from "./message-log";
import type { PermissionsRouter } from "./permissions-router";
import {
  createDeliver,
  createPublish,
  fanoutLocally,
  preparePublish,
  type LoggedMessage,
  type PreparedMessage,
  type PublishOptions,
  type PublishResult,
} from "./publish";
import { DEFAULT_REPLAY_LIMITS, readMissed, replayThenGoLive, sendMessage, type ReplayLimits } from "./replay";
import { channelRoom, joinChannelRooms, leaveChannelRooms } from "./rooms";
import { SocketSubscriptions } from "./subscriptions";
import type {
  GuardRefusal,
  Handshake,
  OnDelivered,
  RealtimeGuards,
  RealtimeIo,
  RealtimeSocket,
  ReidentifyOptions,
  ReidentifyResult,
  SocketTarget,
} from "./types";

export type { ReidentifyOptions, ReidentifyResult, SocketTarget } from "./types";

export type ResolvedSubscriber = Subscriber & { sessionId?: string };

export type SubscriberCounts = { perChannel: number[]; anyOf: number };

export type RealtimeServerDeps = {
  permissions: PermissionsRouter;
  /** Who the socket is, from the session cookie. Throwing refuses the connection (connect_error, errorCode 1). */
  resolveSubscriber: (handshake: Handshake) => Promise<ResolvedSubscriber>;
  /** Defaults to a process-local in-memory log. */
  messageLog?: MessageLog;
  logger?: Logger;
  /** Merged over this layer's defaults (path `/socket.io`, 16 KB max packet). */
  socketOptions?: Partial<ServerOptions>;
  /** How far `since` may reach back: default the last 100 messages of at most 24 hours. */
  replay?: Partial<ReplayLimits>;
  /** Called once per client acknowledgement of a message (live or replayed). */
  onDelivered?: OnDelivered;
  /** Default 200 subscriptions per socket; more is bad input. */
  maxSubscriptionsPerSocket?: number;
  /**
   * Joins the instances sharing this Socket.IO adapter (e.g. `@socket.io/redis-streams-adapter`):
   * publishes reach, and `reidentify` re-checks, the sockets of all of them (cluster.ts).
   * Absent: this process alone, on Socket.IO's in-memory adapter.
   */
  clusterAdapter?: ServerOptions["adapter"];
  /** Admission checks for connections and client events (the app's rate limits). */
  guards?: RealtimeGuards;
};

export type RealtimeServer = {
  io: RealtimeIo;
  publish<P>(channel: ChannelRef, payload: P, options?: PublishOptions): Promise<PublishResult<P>>;
  /**
   * `publish` in two steps, for a caller that writes the log entries itself in its own
   * transaction (so they commit with what they announce): `prepare` checks and serializes,
   * `deliver` fans a message out once its log entry has committed.
   */
  prepare<P>(channel: ChannelRef, payload: P, options?: PublishOptions): PreparedMessage<P>;
  deliver<P>(prepared: PreparedMessage<P>, logged: LoggedMessage): Promise<PublishResult<P>>;
  /**
   * Re-resolves the subscriber of every socket of `target`, on every instance, as a new visitor
   * (`asVisitor`) or else with `resolveSubscriber`, and drops every subscription the router no
   * longer allows. A socket whose identity can't be resolved is disconnected.
   */
  reidentify(target: SocketTarget, options?: ReidentifyOptions): Promise<ReidentifyResult>;
  /**
   * How many sockets are subscribed right now to each of `channels` (exactly that channel or
   * resource), and to any of them, summed over every instance. Reads the rooms this layer
   * keeps anyway: no database, no per-socket state.
   */
  countSubscribers(channels: ChannelRef[]): Promise<SubscriberCounts>;
  /** Disconnects every socket and closes the Socket.IO server (and the HTTP server it is attached to). */
  close(): Promise<void>;
};

const DEFAULT_SOCKET_OPTIONS: Partial<ServerOptions> = {
  path: SOCKET_IO_PATH,
  // Clients only send subscribe/unsubscribe requests; anything large is abuse.
  maxHttpBufferSize: 16 * 1024,
  serveClient: false,
};

export function createRealtimeServer(httpServer: HttpServer, deps: RealtimeServerDeps): RealtimeServer {
  const logger = deps.logger ?? pino({ level: "silent" });
  const log = deps.messageLog ?? createInMemoryMessageLog();
  const limits: ReplayLimits = { ...DEFAULT_REPLAY_LIMITS, ...deps.replay };
  const maxSubscriptions = deps.maxSubscriptionsPerSocket ?? 200;
  const held = new HeldDeliveries();
  const stateOf = new WeakMap<RealtimeSocket, SocketSubscriptions>();

  const io: RealtimeIo = new Server(httpServer, {
    ...DEFAULT_SOCKET_OPTIONS,
    ...deps.socketOptions,
    ...(deps.clusterAdapter ? { adapter: deps.clusterAdapter } : {}),
  });

  io.use(async (socket, next) => {
    const refusal = await deps.guards?.admitConnection?.(socket.request).catch((error: unknown) => {
      logger.error({ err: error }, "realtime connection guard failed; admitting");
      return undefined;
    });
    if (refusal) {
      next(connectionRefused(refusal.message, refusal));
      return;
    }
    try {
      const { sessionId, ...subscriber } = await deps.resolveSubscriber(socket.handshake);
      socket.data = { subscriber: subscriberSchema.parse(subscriber), ...(sessionId ? { sessionId } : {}) };
      next();
    } catch (error) {
      logger.warn({ err: error }, "realtime connection refused: subscriber could not be resolved");
      next(connectionRefused("Connection refused"));
    }
  });

  io.on("connection", (socket) => {
    // Identity was read from the handshake (which keeps the headers); the raw HTTP request it
    // came from would otherwise stay in memory for the connection's life, a few KB a socket
    // (socket.io's "Memory usage" guide). Nothing here reads `socket.request` afterwards.
    (socket.conn as { request: unknown }).request = null;
    const subscriptions = new SocketSubscriptions();
    stateOf.set(socket, subscriptions);
    guardEvents(socket, deps.guards, logger);
    // Handlers take `unknown`: clients are untrusted and may send anything, or no ack at all.
    socket.on("subscribe", (request: unknown, ack: unknown) => {
      const { payload, reply } = splitArgs<SubscribeReply>(request, ack);
      onSubscribe(socket, subscriptions, payload).then(reply, (error: unknown) => {
        logger.error({ err: error }, "realtime subscribe failed");
        reply(failure(RealtimeErrorCode.connection, "Server error"));
      });
    });
    socket.on("unsubscribe", (request: unknown, ack: unknown) => {
      const { payload, reply } = splitArgs<UnsubscribeReply>(request, ack);
      onUnsubscribe(socket, subscriptions, payload).then(reply, (error: unknown) => {
        logger.error({ err: error }, "realtime unsubscribe failed");
        reply(failure(RealtimeErrorCode.connection, "Server error"));
      });
    });
  });

  async function onSubscribe(socket: RealtimeSocket, subscriptions: SocketSubscriptions, payload: unknown): Promise<SubscribeReply> {
    const parsed = subscribeRequestSchema.safeParse(payload);
    if (!parsed.success) return failure(RealtimeErrorCode.badInput, formatIssues(parsed.error));
    const channel = normalizeChannel(parsed.data.channel);
    const { since } = parsed.data;
    const key = channelKey(channel);

    return subscriptions.queue.run(key, async (): Promise<SubscribeReply> => {
      if (subscriptions.size >= maxSubscriptions) {
        return failure(RealtimeErrorCode.badInput, `At most ${maxSubscriptions} subscriptions per connection`, channel);
      }
      // Checked before anything is replayed: a refused reader gets no history either.
      const { read } = await deps.permissions.check(channel, socket.data.subscriber);
      if (!read) return failure(RealtimeErrorCode.permission, "Not allowed to read this channel", channel);
      if (!socket.connected) return failure(RealtimeErrorCode.connection, "Disconnected", channel);

      if (subscriptions.has(key)) {
        // Already live on this socket; a replay just sends the older messages (the client drops repeats).
        const replay = since === undefined ? undefined : await replayOnly(socket, channel, since);
        return { ok: true, subscriptionId: subscriptions.add(key, channel), ...(replay ? { replay } : {}) };
      }
      if (since === undefined) {
        joinChannelRooms(socket, key);
        const subscriptionId = subscriptions.add(key, channel);
        // Read after joining: anything newer than this position reaches the socket live.
        const position = await latestPosition(channel);
        return { ok: true, subscriptionId, ...(position ? { position } : {}) };
      }
      let subscriptionId = "";
      const replay = await replayThenGoLive({
        socket,
        key,
        channel,
        since,
        log,
        held,
        limits,
        onDelivered: deps.onDelivered,
        onLogError: (error) => onLogError(error, channel),
        resumeLive: () => {
          joinChannelRooms(socket, key);
          subscriptionId = subscriptions.add(key, channel);
        },
      });
      if (!subscriptionId) return failure(RealtimeErrorCode.connection, "Disconnected", channel);
      return { ok: true, subscriptionId, replay };
    });
  }

  // Every subscribe reads its channel's position; a storm of them shares one read per channel
  // per batch. A batch starts after its requesters joined their rooms, which is what makes the
  // position safe (see onSubscribe).
  const readLatestIds = createCoalescingLoader(async (keys: string[]) => {
    const positions = await Promise.all(
      keys.map(async (key) => {
        const channel = channelOfKey(key);
        try {
          return [key, await log.latestId(channel)] as const;
        } catch (error) {
          logger.error({ err: error, channel }, "realtime subscribe: reading the log position failed");
          return [key, undefined] as const;
        }
      }),
    );
    return new Map(positions);
  });

  function latestPosition(channel: ChannelRef): Promise<string | undefined> {
    return readLatestIds(channelKey(channel));
  }

  async function replayOnly(socket: RealtimeSocket, channel: ChannelRef, since: string): Promise<ReplaySummary> {
    const { messages, complete } = await readMissed(log, channel, since, limits, (error) => onLogError(error, channel));
    for (const message of messages) sendMessage(socket, message, deps.onDelivered);
    return { count: messages.length, complete };
  }

  function onLogError(error: unknown, channel: ChannelRef): void {
    logger.error({ err: error, channel }, "realtime replay: reading the message log failed");
  }

  async function onUnsubscribe(socket: RealtimeSocket, subscriptions: SocketSubscriptions, payload: unknown): Promise<UnsubscribeReply> {
    const parsed = unsubscribeRequestSchema.safeParse(payload);
    if (!parsed.success) return failure(RealtimeErrorCode.badInput, formatIssues(parsed.error));
    const request = parsed.data;
    if ("subscriptionId" in request) {
      const key = subscriptions.keyOf(request.subscriptionId);
      if (key === undefined) return failure(RealtimeErrorCode.badInput, "Unknown subscription");
      return subscriptions.queue.run(key, async (): Promise<UnsubscribeReply> => {
        const remaining = subscriptions.removeById(request.subscriptionId);
        if (remaining === undefined) return failure(RealtimeErrorCode.badInput, "Unknown subscription");
        if (remaining === 0) leaveChannelRooms(socket, key, [socket.data.subscriber.id]);
        return { ok: true };
      });
    }
    const key = channelKey(normalizeChannel(request.channel));
    return subscriptions.queue.run(key, async (): Promise<UnsubscribeReply> => {
      // Unsubscribing from a channel leaves its resources alone (Wix): they are other keys.
      if (subscriptions.removeChannel(key) > 0) leaveChannelRooms(socket, key, [socket.data.subscriber.id]);
      return { ok: true };
    });
  }

  async function reidentifySocket(socket: RealtimeSocket, { asVisitor = false }: ReidentifyOptions): Promise<{ dropped: number; disconnected: boolean }> {
    const subscriptions = stateOf.get(socket);
    const previous = socket.data.subscriber;
    try {
      if (asVisitor) {
        // A fresh id: `publish({ users })` must not reach it as the user it was.
        const visitor: Subscriber = { type: "Visitor", id: `visitor-${randomUUID()}` };
        socket.data = { subscriber: visitor };
      } else {
        const { sessionId, ...subscriber } = await deps.resolveSubscriber(socket.handshake);
        socket.data = { subscriber: subscriberSchema.parse(subscriber), ...(sessionId ? { sessionId } : {}) };
      }
    } catch (error) {
      // Fail closed: a socket nobody can vouch for keeps nothing.
      logger.warn({ err: error, socketId: socket.id }, "realtime reidentify: subscriber could not be resolved; disconnecting");
      socket.disconnect(true);
      return { dropped: subscriptions?.size ?? 0, disconnected: true };
    }
    if (!subscriptions || !socket.connected) return { dropped: 0, disconnected: false };
    const userIds = [...new Set([previous.id, socket.data.subscriber.id])];

    // Every live channel stops receiving now, in this tick, and its messages are held until the
    // new identity is checked: no message reaches a reader who may no longer read it, none is lost
    // for one who still may.
    const holds = new Map(
      subscriptions.keys().map((key) => {
        const hold = held.hold(key, socket);
        leaveChannelRooms(socket, key, userIds);
        return [key, hold] as const;
      }),
    );
    // Also re-check channels whose subscribe is still in flight (it may have checked the old identity).
    const keys = new Set([...holds.keys(), ...subscriptions.queue.busyKeys()]);
    let dropped = 0;
    await Promise.all(
      [...keys].map((key) =>
        subscriptions.queue.run(key, async () => {
          let hold = holds.get(key);
          const channel = subscriptions.channelOf(key);
          if (!channel) {
            if (hold) held.release(key, hold);
            return;
          }
          if (!hold) {
            hold = held.hold(key, socket);
            leaveChannelRooms(socket, key, userIds);
          }
          const { read } = await deps.permissions.check(channel, socket.data.subscriber);
          held.release(key, hold);
          if (!read || !socket.connected) {
            dropped += subscriptions.removeChannel(key);
            return;
          }
          for (const message of hold.messages) sendMessage(socket, message, deps.onDelivered);
          joinChannelRooms(socket, key);
        }),
      ),
    );
    return { dropped, disconnected: false };
  }

  async function reidentifyHere(target: SocketTarget, options: ReidentifyOptions): Promise<ReidentifyResult> {
    const isTarget = (data: SocketData) =>
      "userId" in target ? data.subscriber.id === target.userId : data.sessionId === target.sessionId;
    const sockets = [...io.of("/").sockets.values()].filter((socket) => isTarget(socket.data));
    const results = await Promise.all(sockets.map((socket) => reidentifySocket(socket, options)));
    return {
      sockets: sockets.length,
      dropped: results.reduce((sum, result) => sum + result.dropped, 0),
      disconnected: results.filter((result) => result.disconnected).length,
    };
  }

  const fanoutDeps = { io, held, onDelivered: deps.onDelivered };
  // One array per instance: a count per key, then the sockets in any of them (a socket lives on one instance).
  const countHere = (keys: string[]) => {
    const rooms = keys.map((key) => io.of("/").adapter.rooms.get(channelRoom(key)));
    const anyOf = new Set<string>();
    for (const room of rooms) for (const socketId of room ?? []) anyOf.add(socketId);
    return [...rooms.map((room) => room?.size ?? 0), anyOf.size];
  };
  const cluster = deps.clusterAdapter
    ? joinCluster(io, { fanout: (fanout) => fanoutLocally(fanoutDeps, fanout), reidentify: reidentifyHere, count: countHere }, logger)
    : singleInstance;

  return {
    io,
    publish: createPublish({ ...fanoutDeps, log, fanoutElsewhere: cluster.fanoutElsewhere }),
    prepare: preparePublish,
    deliver: createDeliver({ ...fanoutDeps, fanoutElsewhere: cluster.fanoutElsewhere }),

    async reidentify(target, options = {}) {
      const [here, elsewhere] = await Promise.all([reidentifyHere(target, options), cluster.reidentifyElsewhere(target, options)]);
      return addResults(here, elsewhere);
    },

    async countSubscribers(channels) {
      const keys = channels.map(channelKey);
      const [here, elsewhere] = await Promise.all([countHere(keys), cluster.countElsewhere(keys)]);
      const summed = here.map((count, index) => count + (elsewhere[index] ?? 0));
      return { perChannel: summed.slice(0, keys.length), anyOf: summed[keys.length] ?? 0 };
    },

    async close() {
      await io.close();
    },
  };
}

function connectionRefused(message: string, refusal?: GuardRefusal): Error {
  const retry = refusal?.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: refusal.retryAfterSeconds };
  const data: ConnectErrorData = { errorCode: RealtimeErrorCode.connection, ...retry };
  return Object.assign(new Error(message), { data });
}

const DROP_GRACE_MS = 500;

/**
 * Every event a client sends passes the guard first, whatever its name. The first one refused
 * is answered (errorCode 3) if it carries an ack, then the connection is closed: a flood costs
 * one reply, not one per event.
 */
function guardEvents(socket: RealtimeSocket, guards: RealtimeGuards | undefined, logger: Logger): void {
  const { admitEvent, forgetSocket } = guards ?? {};
  if (forgetSocket) socket.on("disconnect", () => forgetSocket(socket.id));
  if (!admitEvent) return;
  let isDropped = false;
  socket.use((packet, next) => {
    if (isDropped) return;
    admitEvent(socket.id).then(
      (refusal) => {
        if (!refusal) return next();
        if (isDropped) return;
        isDropped = true;
        logger.warn({ socketId: socket.id, event: packet[0] }, "realtime: event limit exceeded; dropping the connection");
        const ack = packet.at(-1);
        if (typeof ack === "function") (ack as (reply: unknown) => void)(failure(RealtimeErrorCode.badInput, refusal.message));
        // A moment's grace lets the refusal and the replies to earlier events go out first;
        // everything the client sends meanwhile is ignored.
        setTimeout(() => socket.disconnect(true), DROP_GRACE_MS).unref();
      },
      (error: unknown) => {
        logger.error({ err: error }, "realtime event guard failed; admitting");
        next();
      },
    );
  });
}

function failure(errorCode: RealtimeError["errorCode"], message: string, channel?: ChannelRef): { ok: false; error: RealtimeError } {
  return { ok: false, error: { errorCode, message, ...(channel ? { channel } : {}) } };
}

/**
 * A client may emit with no payload, no ack, or only an ack (which Socket.IO then passes
 * first). Without an ack the reply goes nowhere, and the request is still handled.
 */
function splitArgs<R>(first: unknown, second: unknown): { payload: unknown; reply: (reply: R) => void } {
  if (typeof first === "function" && second === undefined) return { payload: undefined, reply: first as (reply: R) => void };
  return { payload: first, reply: typeof second === "function" ? (second as (reply: R) => void) : () => undefined };
}
