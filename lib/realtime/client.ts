"use client";

import type { ManagerOptions, Socket, SocketOptions } from "socket.io-client";
import { checkChannel } from "./channel-check";
import { channelKey, normalizeChannel } from "./channel-key";
import {
  RealtimeErrorCode,
  SOCKET_IO_PATH,
  type ChannelRef,
  type ClientToServerEvents,
  type MessageId,
  type RealtimeError,
  type RealtimeMessage,
  type ServerToClientEvents,
  type SubscribeReply,
} from "./contract";

// The browser's realtime client, with Wix's `wix-realtime-frontend` API (subscribe, unsubscribe,
// onConnected, onDisconnected, onError) over Socket.IO. It holds one server subscription per
// channel however many handlers share it, re-subscribes after every reconnect with `since` so a
// page catches up on what it missed, and drops repeated message ids.
//
// Socket.IO's client is imported only when the first subscription needs a socket (after the
// page has hydrated), so it is not in the JavaScript a page must run before it responds, and
// channels are checked without zod (channel-check.ts): docs/UI-FIGURES.md.

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ClientSocketOptions = Partial<ManagerOptions & SocketOptions>;
export type MessageHandler<P = unknown> = (message: RealtimeMessage<P>, channel: ChannelRef) => void;
export type ConnectionListener = () => void;
export type ErrorListener = (error: RealtimeError) => void;
export type UnsubscribeOptions = { subscriptionId: string } | { channel: ChannelRef };
/**
 * `since`: the newest message id the page already reflects (e.g. the log position when the
 * server rendered it). If the channel is not subscribed yet and anything was published on it
 * after `since`, it is replayed once the subscription is in place: nothing published between
 * the render and the subscribe is lost. Only then does it cost a log read.
 */
export type SubscribeOptions = { since?: MessageId };

export type RealtimeClientOptions = {
  /** Server origin; same origin when absent (the browser). */
  url?: string;
  /** Builds the socket from the options this client wants (tests add `auth`, other origins...). */
  socketFactory?: (options: ClientSocketOptions) => ClientSocket;
  /** Merged over the defaults (path `/socket.io`, websocket first, backoff with jitter). */
  socketOptions?: ClientSocketOptions;
  /** How long a subscribe or unsubscribe waits for the server's answer (default 10 s). */
  requestTimeoutMs?: number;
};

export type RealtimeClient = {
  /** Resolves with this handler's own subscription id once the server has accepted the channel. */
  subscribe<P = unknown>(channel: ChannelRef, handler: MessageHandler<P>, options?: SubscribeOptions): Promise<string>;
  /** `{ subscriptionId }` removes one handler; `{ channel }` removes all of that channel's (not its resources'). */
  unsubscribe(options: UnsubscribeOptions): Promise<void>;
  /** Each of these returns the function that removes its listener again. */
  onConnected(listener: ConnectionListener): () => void;
  onDisconnected(listener: ConnectionListener): () => void;
  onError(listener: ErrorListener): () => void;
  /** Reconnects so the server reads the session cookie again (after sign-in/out), then re-subscribes everything. */
  reconnect(): Promise<void>;
  /** Disconnects for good and forgets every subscription and listener. */
  close(): void;
};

/** What `subscribe` and `unsubscribe` reject with: an Error that carries Wix's fields. */
export class RealtimeClientError extends Error implements RealtimeError {
  override readonly name = "RealtimeClientError";
  readonly errorCode: RealtimeError["errorCode"];
  readonly channel?: ChannelRef;
  constructor(error: RealtimeError) {
    super(error.message);
    this.errorCode = error.errorCode;
    if (error.channel) this.channel = error.channel;
  }
}

type Waiter = { handlerId: string; resolve: (subscriptionId: string) => void; reject: (error: RealtimeClientError) => void };

type ChannelEntry = {
  channel: ChannelRef;
  handlers: Map<string, MessageHandler>;
  /** Handlers whose `subscribe` promise is still pending. */
  waiters: Waiter[];
  /** The server's id for this socket's subscription; unset while disconnected or subscribing. */
  serverSubscriptionId?: string;
  isSubscribing: boolean;
  lastMessageId?: MessageId;
  /** What the first subscriber said the page already reflects (SubscribeOptions.since). */
  since?: MessageId;
  seen: RecentIds;
};

const DEFAULT_SOCKET_OPTIONS: ClientSocketOptions = {
  path: SOCKET_IO_PATH,
  // WebSocket first; fall back to long-polling where a proxy blocks it.
  transports: ["websocket", "polling"],
  tryAllTransports: true,
  autoConnect: false,
  withCredentials: true,
  reconnection: true,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 15_000,
  randomizationFactor: 0.5,
};

export function createRealtimeClient(options: RealtimeClientOptions = {}): RealtimeClient {
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const socketOptions: ClientSocketOptions = { ...DEFAULT_SOCKET_OPTIONS, ...options.socketOptions };
  const entries = new Map<string, ChannelEntry>();
  const connectedListeners = new Set<ConnectionListener>();
  const disconnectedListeners = new Set<ConnectionListener>();
  const errorListeners = new Set<ErrorListener>();
  const connectWaiters: Array<{ resolve: () => void; reject: (error: RealtimeClientError) => void }> = [];
  let socket: ClientSocket | undefined;
  // Replies from before the latest (re)connection are stale: their subscriptions died with it.
  let connection = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryAttempt = 0;
  let nextHandlerId = 0;
  let isClosed = false;

  let isLoadingSocket = false;

  /** Creates the socket once; with no factory given, Socket.IO's client is loaded first. */
  function ensureSocket(): void {
    if (socket || isLoadingSocket) return;
    if (options.socketFactory) return attachSocket(options.socketFactory(socketOptions));
    isLoadingSocket = true;
    import("socket.io-client").then(
      ({ io }) => {
        isLoadingSocket = false;
        if (isClosed || socket) return;
        attachSocket(options.url ? io(options.url, socketOptions) : io(socketOptions));
      },
      (error: unknown) => {
        // The chunk did not load (offline, a deploy replaced it): fail like a refused connection, retry later.
        isLoadingSocket = false;
        onConnectError(error instanceof Error ? error : new Error("Could not load the realtime client"));
      },
    );
  }

  function attachSocket(created: ClientSocket): void {
    socket = created;
    created.on("connect", onConnect);
    created.on("disconnect", onDisconnect);
    created.on("connect_error", onConnectError);
    created.on("message", onMessage);
    created.connect();
  }

  function onConnect(): void {
    connection += 1;
    retryAttempt = 0;
    for (const entry of entries.values()) {
      entry.serverSubscriptionId = undefined;
      entry.isSubscribing = false;
      sendSubscribe(entry);
    }
    notify(connectedListeners);
    for (const waiter of connectWaiters.splice(0)) waiter.resolve();
  }

  function onDisconnect(reason: Socket.DisconnectReason): void {
    for (const entry of entries.values()) {
      entry.serverSubscriptionId = undefined;
      entry.isSubscribing = false;
    }
    notify(disconnectedListeners);
    // Socket.IO leaves reconnecting to us when the server itself disconnected the socket
    // (e.g. an identity it could no longer resolve).
    if (reason === "io server disconnect" && entries.size > 0) scheduleRetry();
  }

  function onConnectError(error: Error): void {
    const realtimeError: RealtimeError = { errorCode: RealtimeErrorCode.connection, message: error.message || "Connection failed" };
    notifyError(realtimeError);
    if (socket?.active) return; // Socket.IO retries by itself, with backoff.
    // Refused by the server (not a network failure): Socket.IO won't retry.
    for (const waiter of connectWaiters.splice(0)) waiter.reject(new RealtimeClientError(realtimeError));
    for (const [key, entry] of entries) {
      rejectWaiters(entry, realtimeError);
      if (entry.handlers.size === 0) entries.delete(key);
    }
    if (entries.size > 0) scheduleRetry();
  }

  /** Backoff with jitter, for the cases Socket.IO's own reconnection doesn't cover. */
  function scheduleRetry(): void {
    if (retryTimer || isClosed) return;
    const base = socketOptions.reconnectionDelay ?? 1000;
    const max = socketOptions.reconnectionDelayMax ?? 15_000;
    const jitter = socketOptions.randomizationFactor ?? 0.5;
    const delay = Math.min(max, base * 2 ** retryAttempt) * (1 - jitter + Math.random() * 2 * jitter);
    retryAttempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (isClosed) return;
      if (!socket) ensureSocket();
      else if (!socket.connected) socket.connect();
    }, delay);
  }

  function onMessage(message: RealtimeMessage, ack: () => void): void {
    if (typeof ack === "function") ack();
    if (!isMessage(message)) return;
    const entry = entries.get(channelKey(message.channel));
    // After a reconnect the server replays from `since`; repeats are dropped here.
    if (!entry || entry.seen.has(message.id)) return;
    entry.seen.add(message.id);
    // Monotonic: a catch-up replay brings older ids after newer live ones.
    if (entry.lastMessageId === undefined || isAfter(message.id, entry.lastMessageId)) entry.lastMessageId = message.id;
    for (const handler of [...entry.handlers.values()]) {
      try {
        handler(message, entry.channel);
      } catch (error) {
        // One failing handler must not starve the others.
        console.error("realtime message handler failed", error);
      }
    }
  }

  function sendSubscribe(entry: ChannelEntry): void {
    if (!socket?.connected || entry.isSubscribing) return;
    entry.isSubscribing = true;
    const sentOn = connection;
    const request = { channel: entry.channel, ...(entry.lastMessageId ? { since: entry.lastMessageId } : {}) };
    socket.timeout(requestTimeoutMs).emit("subscribe", request, (timeout: Error | null, reply: SubscribeReply) => {
      if (sentOn !== connection) return;
      entry.isSubscribing = false;
      const key = channelKey(entry.channel);
      if (entries.get(key) !== entry) {
        // Unsubscribed while the request was on its way: undo it on the server.
        if (!timeout && reply.ok) socket?.emit("unsubscribe", { subscriptionId: reply.subscriptionId }, () => undefined);
        return;
      }
      if (timeout) {
        failEntry(key, entry, { errorCode: RealtimeErrorCode.connection, message: "The server did not answer" });
        return;
      }
      if (!reply.ok) {
        failEntry(key, entry, reply.error);
        return;
      }
      entry.serverSubscriptionId = reply.subscriptionId;
      // A page that has received nothing yet still catches up from where it subscribed.
      if (entry.lastMessageId === undefined && reply.position !== undefined) {
        entry.lastMessageId = reply.position;
        if (entry.since !== undefined && isAfter(reply.position, entry.since)) catchUp(entry, entry.since);
      }
      entry.since = undefined;
      for (const waiter of entry.waiters.splice(0)) waiter.resolve(waiter.handlerId);
    });
  }

  /**
   * Published on the channel after `since` but before the subscription began: the server
   * replays nothing on a channel the socket already holds, so the subscription is made again
   * with `since`. Whatever is published meanwhile is in the log after `since`, so it is
   * replayed too; what arrives twice is dropped by id.
   */
  function catchUp(entry: ChannelEntry, since: MessageId): void {
    const current = socket;
    const previous = entry.serverSubscriptionId;
    if (!current || previous === undefined) return;
    current.timeout(requestTimeoutMs).emit("unsubscribe", { subscriptionId: previous }, () => {
      if (current !== socket || entries.get(channelKey(entry.channel)) !== entry) return;
      current.timeout(requestTimeoutMs).emit("subscribe", { channel: entry.channel, since }, (timeout: Error | null, reply: SubscribeReply) => {
        if (timeout || !reply.ok) return;
        if (current === socket && entries.get(channelKey(entry.channel)) === entry) entry.serverSubscriptionId = reply.subscriptionId;
        else current.emit("unsubscribe", { subscriptionId: reply.subscriptionId }, () => undefined);
      });
    });
  }

  /** Wix: a first subscribe's failure rejects its promise; a failed re-subscribe goes to onError. */
  function failEntry(key: string, entry: ChannelEntry, error: RealtimeError): void {
    const withChannel: RealtimeError = { ...error, channel: entry.channel };
    rejectWaiters(entry, withChannel);
    if (entry.handlers.size > 0) notifyError(withChannel);
    // Refused or invalid: the channel is gone for this page. A connection problem: keep the
    // established handlers, the next connection re-subscribes them.
    if (error.errorCode !== RealtimeErrorCode.connection || entry.handlers.size === 0) entries.delete(key);
  }

  function rejectWaiters(entry: ChannelEntry, error: RealtimeError): void {
    for (const waiter of entry.waiters.splice(0)) {
      entry.handlers.delete(waiter.handlerId);
      waiter.reject(new RealtimeClientError(error));
    }
  }

  function requestUnsubscribe(request: UnsubscribeOptions): Promise<void> {
    if (!socket?.connected) return Promise.resolve(); // The server forgot them with the connection.
    return socket
      .timeout(requestTimeoutMs)
      .emitWithAck("unsubscribe", request)
      .then(
        () => undefined,
        () => undefined, // Locally gone already; anything the server still sends is dropped.
      );
  }

  function notify(listeners: Set<ConnectionListener>): void {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        console.error("realtime listener failed", error);
      }
    }
  }

  function notifyError(error: RealtimeError): void {
    for (const listener of [...errorListeners]) {
      try {
        listener(error);
      } catch (listenerError) {
        console.error("realtime error listener failed", listenerError);
      }
    }
  }

  function waitForConnection(): Promise<void> {
    return new Promise((resolve, reject) => connectWaiters.push({ resolve, reject }));
  }

  return {
    subscribe<P>(channel: ChannelRef, handler: MessageHandler<P>, subscribeOptions?: SubscribeOptions): Promise<string> {
      const checked = checkChannel(channel);
      if (!checked.ok || typeof handler !== "function") {
        const message = checked.ok ? "handler must be a function" : checked.message;
        return Promise.reject(new RealtimeClientError({ errorCode: RealtimeErrorCode.badInput, message, channel }));
      }
      if (isClosed) {
        return Promise.reject(new RealtimeClientError({ errorCode: RealtimeErrorCode.connection, message: "Client closed" }));
      }
      const target = normalizeChannel(checked.channel);
      const key = channelKey(target);
      let entry = entries.get(key);
      if (!entry) {
        entry = { channel: target, handlers: new Map(), waiters: [], isSubscribing: false, seen: new RecentIds(1000) };
        if (subscribeOptions?.since !== undefined && isMessageId(subscribeOptions.since)) entry.since = subscribeOptions.since;
        entries.set(key, entry);
      }
      nextHandlerId += 1;
      const handlerId = `${key}#${nextHandlerId}`;
      entry.handlers.set(handlerId, handler as MessageHandler);
      if (entry.serverSubscriptionId) return Promise.resolve(handlerId);
      const pending = entry;
      return new Promise<string>((resolve, reject) => {
        pending.waiters.push({ handlerId, resolve, reject });
        ensureSocket();
        sendSubscribe(pending); // When not connected yet, onConnect sends it.
      });
    },

    async unsubscribe(request: UnsubscribeOptions): Promise<void> {
      if (request && typeof request === "object" && "subscriptionId" in request && typeof request.subscriptionId === "string") {
        const { subscriptionId } = request;
        const [key, entry] = [...entries].find(([, candidate]) => candidate.handlers.has(subscriptionId)) ?? [];
        if (!key || !entry) {
          throw new RealtimeClientError({ errorCode: RealtimeErrorCode.badInput, message: "Unknown subscription" });
        }
        entry.handlers.delete(subscriptionId);
        entry.waiters = entry.waiters.filter((waiter) => waiter.handlerId !== subscriptionId);
        if (entry.handlers.size > 0) return;
        entries.delete(key);
        if (entry.serverSubscriptionId) await requestUnsubscribe({ subscriptionId: entry.serverSubscriptionId });
        return;
      }
      const checked = checkChannel(request && typeof request === "object" && "channel" in request ? request.channel : undefined);
      if (!checked.ok) {
        throw new RealtimeClientError({ errorCode: RealtimeErrorCode.badInput, message: checked.message });
      }
      const key = channelKey(normalizeChannel(checked.channel));
      const entry = entries.get(key);
      if (!entry) return;
      entries.delete(key);
      rejectWaiters(entry, { errorCode: RealtimeErrorCode.badInput, message: "Unsubscribed before the subscription completed", channel: entry.channel });
      if (entry.serverSubscriptionId) await requestUnsubscribe({ channel: entry.channel });
    },

    onConnected(listener) {
      connectedListeners.add(listener);
      return () => connectedListeners.delete(listener);
    },
    onDisconnected(listener) {
      disconnectedListeners.add(listener);
      return () => disconnectedListeners.delete(listener);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },

    async reconnect(): Promise<void> {
      if (isClosed) throw new RealtimeClientError({ errorCode: RealtimeErrorCode.connection, message: "Client closed" });
      const connected = waitForConnection();
      clearTimeout(retryTimer);
      retryTimer = undefined;
      if (!socket) {
        ensureSocket();
      } else {
        // A new transport means a new handshake, which carries the session cookie as it is now.
        socket.disconnect();
        socket.connect();
      }
      await connected;
    },

    close(): void {
      isClosed = true;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      socket?.off();
      socket?.disconnect();
      socket = undefined;
      for (const entry of entries.values()) {
        rejectWaiters(entry, { errorCode: RealtimeErrorCode.connection, message: "Client closed", channel: entry.channel });
      }
      entries.clear();
      for (const waiter of connectWaiters.splice(0)) {
        waiter.reject(new RealtimeClientError({ errorCode: RealtimeErrorCode.connection, message: "Client closed" }));
      }
      connectedListeners.clear();
      disconnectedListeners.clear();
      errorListeners.clear();
    },
  };
}

/** The ids seen lately on one channel; bounded so a long-lived page doesn't grow without end. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
  }
}

const isMessageId = (value: unknown): value is MessageId => typeof value === "string" && /^[0-9]{1,30}$/.test(value);

/** Message ids are decimal strings in publish order: compared as numbers, never as strings. */
function isAfter(a: MessageId, b: MessageId): boolean {
  return isMessageId(a) && isMessageId(b) && BigInt(a) > BigInt(b);
}

function isMessage(value: unknown): value is RealtimeMessage {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<RealtimeMessage>;
  return typeof candidate.id === "string" && checkChannel(candidate.channel).ok;
}

// The page's one client, created on first use so importing this module opens nothing.
let defaultClient: RealtimeClient | undefined;

export function getRealtimeClient(): RealtimeClient {
  defaultClient ??= createRealtimeClient();
  return defaultClient;
}

export const subscribe = <P = unknown>(channel: ChannelRef, handler: MessageHandler<P>, options?: SubscribeOptions): Promise<string> =>
  getRealtimeClient().subscribe(channel, handler, options);
export const unsubscribe = (options: UnsubscribeOptions): Promise<void> => getRealtimeClient().unsubscribe(options);
export const onConnected = (listener: ConnectionListener): (() => void) => getRealtimeClient().onConnected(listener);
export const onDisconnected = (listener: ConnectionListener): (() => void) => getRealtimeClient().onDisconnected(listener);
export const onError = (listener: ErrorListener): (() => void) => getRealtimeClient().onError(listener);
export const reconnect = (): Promise<void> => getRealtimeClient().reconnect();
