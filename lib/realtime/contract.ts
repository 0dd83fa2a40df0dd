// The socket event contract, shared by the server (server/realtime), the browser client
// (lib/realtime/client.ts) and the tests. Types and a few constants; nothing Node-only, since
// the browser bundles it.

/** A channel, or one of its resources. `members` and `members:weather` are separate destinations. */
export type ChannelRef = { name: string; resourceId?: string };

export type SubscriberType = "Visitor" | "Member" | "Admin";

/** Who is on the other end of a socket. Resolved by the server from the session; never sent by a client. */
export type Subscriber = { type: SubscriberType; id: string };

/** Wix's error codes: 1 connection, 2 subscription refused by permissions, 3 bad input. */
export const RealtimeErrorCode = { connection: 1, permission: 2, badInput: 3 } as const;
export type RealtimeErrorCode = (typeof RealtimeErrorCode)[keyof typeof RealtimeErrorCode];

/** `channel` is set when the error concerns one channel (Wix's subscription errors carry it). */
export type RealtimeError = { errorCode: RealtimeErrorCode; message: string; channel?: ChannelRef };

/** Every reply is one union, so a caller checks `ok` once and TypeScript knows the rest. */
export type Reply<Success extends object = object> = ({ ok: true } & Success) | { ok: false; error: RealtimeError };

/** Message ids are decimal strings that sort in publish order (compare them as BigInt). */
export type MessageId = string;

export type SubscribeRequest = { channel: ChannelRef; since?: MessageId };

/** `complete: false` means the replay could not fill the whole gap (too old or too many messages). */
export type ReplaySummary = { count: number; complete: boolean };

/**
 * `position` (on a subscribe without `since`) is the id of the newest message logged on the
 * channel when the subscription began ("0" if none): the `since` that catches up from there
 * after a reconnect, even for a page that had received nothing yet.
 */
export type SubscribeReply = Reply<{ subscriptionId: string; replay?: ReplaySummary; position?: MessageId }>;

export type UnsubscribeRequest = { subscriptionId: string } | { channel: ChannelRef };

export type UnsubscribeReply = Reply;

export type RealtimeMessage<P = unknown> = {
  id: MessageId;
  channel: ChannelRef;
  payload: P;
  /** ISO 8601. */
  publishedAt: string;
  /** Only when the server published with `includePublisher`. */
  publisher?: Subscriber;
};

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (reply: SubscribeReply) => void) => void;
  unsubscribe: (request: UnsubscribeRequest, ack: (reply: UnsubscribeReply) => void) => void;
}

export interface ServerToClientEvents {
  /** The client calls `ack()` on receipt; the server counts these as deliveries. */
  message: (message: RealtimeMessage, ack: () => void) => void;
}

export interface SocketData {
  subscriber: Subscriber;
  /** Lets the app find a session's sockets (e.g. on sign-out) with `reidentify`. */
  sessionId?: string;
}

/** Sent with a refused connection (`connect_error`'s `data`); `retryAfterSeconds` when it was a rate limit. */
export type ConnectErrorData = { errorCode: typeof RealtimeErrorCode.connection; retryAfterSeconds?: number };

export const SOCKET_IO_PATH = "/socket.io";

/** Wix's limit on a published payload, JSON-serialized. */
export const MAX_PAYLOAD_BYTES = 10 * 1024;
