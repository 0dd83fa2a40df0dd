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
  type RealtimeMessage,
  type ReplaySummary,
  type SocketData,
  type SubscribeReply,
  type Subscriber,
  type UnsubscribeReply,
} from "@/lib/realtime/contract";
import { AckedMessages } from "./acked-messages";
import { addResults, joinCluster, singleInstance } from "./cluster";
import { coalesceLogReads } from "./coalesced-log-reads";
import { createCoalescingLoader } from "./coalescing-loader";
import { HeldDeliveries } from "./held-deliveries";
import { createInMemoryMessageLog, type MessageLog } from "./message-log";
import { OpenSocketCounts, releaseWhenClosed } from "./open-sockets";
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
import { DEFAULT_REPLAY_LIMITS, IDENTITY_CHANGED, replayThenGoLive, sendMessage, type ReplayLimits } from "./replay";
import { ChannelRooms, channelRoom } from "./rooms";
import { SocketSubscriptions, type SubscriptionSlot } from "./subscriptions";
import type {
  Delivery,
  GuardRefusal,
  Handshake,
  OnDelivered,
  OnSocketAck,
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
  /**
   * Who the socket is, from the session cookie. Throwing refuses the connection (connect_error,
   * errorCode 1). Called again with the same handshake to re-identify the socket, by then without
   * its Cookie header (`forgetCookies`): a resolver that needs the cookie keeps what it read.
   */
  resolveSubscriber: (handshake: Handshake) => Promise<ResolvedSubscriber>;
  /** Defaults to a process-local in-memory log. */
  messageLog?: MessageLog;
  logger?: Logger;
  /** Merged over this layer's defaults (path `/socket.io`, 16 KB max packet). */
  socketOptions?: Partial<ServerOptions>;
  /** How far `since` may reach back: default the last 100 messages of at most 24 hours. */
  replay?: Partial<ReplayLimits>;
  /** Called when a socket acknowledges a message (live or replayed), once per socket and message. */
  onDelivered?: OnDelivered;
  /** Default 200 subscriptions per socket; more is bad input. */
  maxSubscriptionsPerSocket?: number;
  /**
   * Open sockets per client address (`addressOf`) and per session (`sessionId`), on this
   * instance; one more is refused (connect_error, errorCode 1). Absent: no cap.
   */
  maxSocketsPerAddress?: number;
  maxSocketsPerSession?: number;
  /** The client address a socket counts against; default the TCP peer. */
  addressOf?: (request: RealtimeSocket["request"]) => string;
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
  // Replays after a restart or a blip ask the same of the log many times at once (coalesced-log-reads.ts).
  const log = coalesceLogReads(deps.messageLog ?? createInMemoryMessageLog());
  const limits: ReplayLimits = { ...DEFAULT_REPLAY_LIMITS, ...deps.replay };
  const maxSubscriptions = deps.maxSubscriptionsPerSocket ?? 200;
  const held = new HeldDeliveries();
  const socketsPerAddress = new OpenSocketCounts(deps.maxSocketsPerAddress ?? Infinity);
  const socketsPerSession = new OpenSocketCounts(deps.maxSocketsPerSession ?? Infinity);
  const addressOf = deps.addressOf ?? ((request: RealtimeSocket["request"]) => request.socket.remoteAddress ?? "unknown");
  const stateOf = new WeakMap<RealtimeSocket, SocketState>();

  const io: RealtimeIo = new Server(httpServer, {
    ...DEFAULT_SOCKET_OPTIONS,
    ...deps.socketOptions,
    ...(deps.clusterAdapter ? { adapter: deps.clusterAdapter } : {}),
  });
  const channelRooms = new ChannelRooms(io);

  io.use(async (socket, next) => {
    const refusal = await deps.guards?.admitConnection?.(socket.request).catch((error: unknown) => {
      logger.error({ err: error }, "realtime connection guard failed; admitting");
      return undefined;
    });
    if (refusal) {
      next(connectionRefused(refusal.message, refusal));
      return;
    }
    // Places are taken in the same tick as each cap is checked: a burst of handshakes can't all
    // see room before any of them took it.
    const releaseAddress = socketsPerAddress.take(addressOf(socket.request));
    if (!releaseAddress) {
      next(connectionRefused("Too many open connections from your network. Close some tabs or try again later."));
      return;
    }
    try {
      const { sessionId, ...subscriber } = await deps.resolveSubscriber(socket.handshake);
      socket.data = { subscriber: subscriberSchema.parse(subscriber), ...(sessionId ? { sessionId } : {}) };
    } catch (error) {
      releaseAddress();
      logger.warn({ err: error }, "realtime connection refused: subscriber could not be resolved");
      next(connectionRefused("Connection refused"));
      return;
    }
    // Visitors have no session: they count by address alone.
    const { sessionId } = socket.data;
    const releaseSession = sessionId === undefined ? () => undefined : socketsPerSession.take(sessionId);
    if (!releaseSession) {
      releaseAddress();
      next(connectionRefused("Too many open connections for this sign-in. Close some tabs or try again later."));
      return;
    }
    releaseWhenClosed(socket, () => {
      releaseAddress();
      releaseSession();
    });
    next();
  });

  io.on("connection", (socket) => {
    forgetCookies(socket.request);
    // Identity was read from the handshake (which keeps the headers); the raw HTTP request it
    // came from would otherwise stay in memory for the connection's life, a few KB a socket
    // (socket.io's "Memory usage" guide). Nothing here reads `socket.request` afterwards.
    (socket.conn as { request: unknown }).request = null;
    const state: SocketState = {
      subscriptions: new SocketSubscriptions(),
      identity: 0,
      // A replay sends at most `limit` messages of a channel: remembering as many is exact (acked-messages.ts).
      acked: new AckedMessages(limits.limit, maxSubscriptions),
    };
    stateOf.set(socket, state);
    guardEvents(socket, deps.guards, logger);
    socket.on("subscribe", onSubscribeEvent);
    socket.on("unsubscribe", onUnsubscribeEvent);
  });

  // One listener of each event for every socket, not a closure per socket (a few hundred bytes a
  // reader with its context: docs/BENCHMARKS.md, "What a reader keeps"): Socket.IO calls a
  // listener with its socket as `this`. Handlers take `unknown`: clients are untrusted and may
  // send anything, or no ack at all.
  function onSubscribeEvent(this: RealtimeSocket, request: unknown, ack: unknown): void {
    const { payload, reply } = splitArgs<SubscribeReply>(request, ack);
    const state = stateOf.get(this);
    if (!state) return reply(failure(RealtimeErrorCode.connection, "Disconnected"));
    onSubscribe(this, state, payload).then(reply, (error: unknown) => {
      logger.error({ err: error }, "realtime subscribe failed");
      reply(failure(RealtimeErrorCode.connection, "Server error"));
    });
  }

  function onUnsubscribeEvent(this: RealtimeSocket, request: unknown, ack: unknown): void {
    const { payload, reply } = splitArgs<UnsubscribeReply>(request, ack);
    const state = stateOf.get(this);
    if (!state) return reply(failure(RealtimeErrorCode.connection, "Disconnected"));
    onUnsubscribe(this, state.subscriptions, payload).then(reply, (error: unknown) => {
      logger.error({ err: error }, "realtime unsubscribe failed");
      reply(failure(RealtimeErrorCode.connection, "Server error"));
    });
  }

  // A message can reach one socket more than once (live, then by a replay after an unsubscribe
  // and a subscribe with an older `since`); each socket's receipt of it counts once. Every
  // reader acks every message, so what the acks of one message share (its key, its id as a
  // number, the Delivery handed on) is worked out once per message, not once per socket.
  const ackOf = new WeakMap<RealtimeMessage, AckOfMessage>();
  const onAck: OnSocketAck | undefined =
    deps.onDelivered &&
    ((socket, message) => {
      let ack = ackOf.get(message);
      if (!ack) {
        ack = { key: channelKey(message.channel), id: BigInt(message.id), delivery: { messageId: message.id, channel: message.channel } };
        ackOf.set(message, ack);
      }
      const state = stateOf.get(socket);
      if (state && !state.acked.add(ack.key, ack.id)) return;
      deps.onDelivered?.(ack.delivery);
    });

  async function onSubscribe(socket: RealtimeSocket, state: SocketState, payload: unknown): Promise<SubscribeReply> {
    const parsed = subscribeRequestSchema.safeParse(payload);
    if (!parsed.success) return failure(RealtimeErrorCode.badInput, formatIssues(parsed.error));
    const channel = normalizeChannel(parsed.data.channel);
    const request: SubscribeTarget = { channel, key: channelKey(channel), since: parsed.data.since };
    const slot = state.subscriptions.reserve(maxSubscriptions);
    if (!slot) return failure(RealtimeErrorCode.badInput, `At most ${maxSubscriptions} subscriptions per connection`, channel);

    return state.subscriptions.queue.run(request.key, () => subscribeOnce(socket, state, slot, request)).finally(slot.release);
  }

  async function subscribeOnce(socket: RealtimeSocket, state: SocketState, slot: SubscriptionSlot, request: SubscribeTarget): Promise<SubscribeReply> {
    const { subscriptions } = state;
    const { channel, key, since } = request;
    // Checked before anything is replayed: a refused reader gets no history either.
    if (!(await mayRead(socket, state, channel))) return failure(RealtimeErrorCode.permission, "Not allowed to read this channel", channel);
    if (!socket.connected) return failure(RealtimeErrorCode.connection, "Disconnected", channel);

    if (subscriptions.has(key)) {
      // Already live on this socket, which caught up when it first subscribed and has had every
      // message since: another subscription shares that, and nothing is replayed again (each
      // replay would cost a log read and send the same history once more).
      return { ok: true, subscriptionId: slot.add(key, channel), ...(since === undefined ? {} : { replay: ALREADY_LIVE }) };
    }
    if (since === undefined) {
      const subscriptionId = slot.add(channelRooms.join(socket, key), channel);
      // Read after joining: anything newer than this position reaches the socket live.
      const position = await latestPosition(channel);
      return { ok: true, subscriptionId, ...(position ? { position } : {}) };
    }
    let subscriptionId = "";
    const identity = state.identity;
    const replay = await replayThenGoLive({
      socket,
      key,
      channel,
      since,
      log,
      held,
      limits,
      onAck,
      onLogError: (error) => onLogError(error, channel),
      isSameIdentity: () => state.identity === identity,
      resumeLive: () => {
        subscriptionId = slot.add(channelRooms.join(socket, key), channel);
      },
    });
    // Signed out (or otherwise re-identified) while the history was read: check again.
    if (replay === IDENTITY_CHANGED) return subscribeOnce(socket, state, slot, request);
    if (!subscriptionId) return failure(RealtimeErrorCode.connection, "Disconnected", channel);
    return { ok: true, subscriptionId, replay };
  }

  /**
   * The permissions router's answer for the socket's identity as it is when the answer comes:
   * if a sign-out or role change re-identified the socket during the check, the answer was for
   * the old identity and is asked again. What the caller does next (join, send) runs in the
   * same tick, so the old identity's answer never reaches the new one, not even for the moment
   * before reidentify's own re-check comes round.
   */
  async function mayRead(socket: RealtimeSocket, state: SocketState, channel: ChannelRef): Promise<boolean> {
    for (;;) {
      const identity = state.identity;
      const { read } = await deps.permissions.check(channel, socket.data.subscriber);
      if (state.identity === identity) return read;
    }
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
        if (remaining === 0) channelRooms.leave(socket, key);
        return { ok: true };
      });
    }
    const key = channelKey(normalizeChannel(request.channel));
    return subscriptions.queue.run(key, async (): Promise<UnsubscribeReply> => {
      // Unsubscribing from a channel leaves its resources alone (Wix): they are other keys.
      if (subscriptions.removeChannel(key) > 0) channelRooms.leave(socket, key);
      return { ok: true };
    });
  }

  async function reidentifySocket(socket: RealtimeSocket, { asVisitor = false }: ReidentifyOptions): Promise<{ dropped: number; disconnected: boolean }> {
    const state = stateOf.get(socket);
    const subscriptions = state?.subscriptions;
    try {
      if (asVisitor) {
        // A fresh id: `publish({ users })` must not reach it as the user it was.
        const visitor: Subscriber = { type: "Visitor", id: `visitor-${randomUUID()}` };
        socket.data = { subscriber: visitor };
      } else {
        const { sessionId, ...subscriber } = await deps.resolveSubscriber(socket.handshake);
        socket.data = { subscriber: subscriberSchema.parse(subscriber), ...(sessionId ? { sessionId } : {}) };
      }
      if (state) state.identity += 1;
    } catch (error) {
      // Fail closed: a socket nobody can vouch for keeps nothing.
      logger.warn({ err: error, socketId: socket.id }, "realtime reidentify: subscriber could not be resolved; disconnecting");
      socket.disconnect(true);
      return { dropped: subscriptions?.size ?? 0, disconnected: true };
    }
    if (!state || !subscriptions || !socket.connected) return { dropped: 0, disconnected: false };
    // Every live channel stops receiving now, in this tick, and its messages are held until the
    // new identity is checked: no message reaches a reader who may no longer read it, none is lost
    // for one who still may.
    const holds = new Map(
      subscriptions.keys().map((key) => {
        const hold = held.hold(key, socket);
        channelRooms.leave(socket, key);
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
            channelRooms.leave(socket, key);
          }
          const read = await mayRead(socket, state, channel);
          held.release(key, hold);
          if (!read || !socket.connected) {
            dropped += subscriptions.removeChannel(key);
            return;
          }
          for (const message of hold.messages) sendMessage(socket, message, onAck);
          channelRooms.join(socket, key);
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

  const fanoutDeps = { io, held, onAck };
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

/**
 * Empties the Cookie header of a connected socket's upgrade request, in the handshake's headers
 * and in the raw ones. The subscriber was resolved from it, and a re-identification reads what the
 * resolver kept (`resolveSubscriber`); but engine.io keeps the upgrade request for the
 * connection's life, and with it every cookie of the site: a member's session cookie alone was
 * about 650 bytes a socket (docs/BENCHMARKS.md, "What a reader keeps"). Assigned, not deleted:
 * a deleted property turns the headers object into a dictionary, which costs more than it saves.
 */
function forgetCookies(request: RealtimeSocket["request"]): void {
  if (request.headers.cookie !== undefined) request.headers.cookie = undefined;
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) if (raw[index]!.toLowerCase() === "cookie") raw[index + 1] = "";
}

/** What one socket's requests and re-checks share. */
type SocketState = {
  subscriptions: SocketSubscriptions;
  /** Goes up each time reidentify gives the socket a new subscriber (socket.data). */
  identity: number;
  acked: AckedMessages;
};

/** What every socket's acknowledgement of one message needs. */
type AckOfMessage = { key: string; id: bigint; delivery: Delivery };

type SubscribeTarget = { channel: ChannelRef; key: string; since: string | undefined };

/** The replay summary of a subscribe on a channel the socket already receives live. */
const ALREADY_LIVE: ReplaySummary = { count: 0, complete: true };

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
