import type { Server, Socket } from "socket.io";
import type {
  ChannelRef,
  ClientToServerEvents,
  MessageId,
  RealtimeMessage,
  ServerToClientEvents,
  SocketData,
} from "@/lib/realtime/contract";

/** A published message on its way to the sockets of one instance (publish.ts). */
export type Fanout = {
  message: RealtimeMessage;
  /** Only these users' sockets (publish's `users`). */
  users?: string[];
  /** Not this user's sockets (the publisher, unless `includePublisher`). */
  excludedUserId?: string;
};

/** Whose sockets `reidentify` looks at again: one user's, or one sign-in's. */
export type SocketTarget = { userId: string } | { sessionId: string };

export type ReidentifyOptions = {
  /** Make them visitors (sign-out) instead of resolving the handshake again. */
  asVisitor?: boolean;
};

export type ReidentifyResult = { sockets: number; dropped: number; disconnected: number };

/**
 * Messages between instances sharing a cluster adapter (cluster.ts). Socket.IO hands each
 * listener an ack; the sender gets one response per other instance.
 */
export interface InterServerEvents {
  "realtime:fanout": (fanout: Fanout, ack: (recipients: number) => void) => void;
  "realtime:reidentify": (target: SocketTarget, options: ReidentifyOptions, ack: (result: ReidentifyResult) => void) => void;
  /** How many sockets each channel key has on the instance that answers. */
  "realtime:count": (keys: string[], ack: (counts: number[]) => void) => void;
}

export type RealtimeIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type Handshake = RealtimeSocket["handshake"];

/** One client acknowledged one message (live or replayed); shared by every ack of that message, so read-only. */
export type Delivery = { readonly messageId: MessageId; readonly channel: ChannelRef };
export type OnDelivered = (delivery: Delivery) => void;

/** A socket acknowledged a message it was sent; the server turns it into at most one Delivery per socket and message. */
export type OnSocketAck = (socket: RealtimeSocket, message: RealtimeMessage) => void;

/** Why a guard turned a connection or an event away, for the client. */
export type GuardRefusal = { message: string; retryAfterSeconds?: number };

/**
 * Admission checks the app plugs in (rate limits); this layer only knows when to ask. An
 * absent guard admits everything.
 */
export type RealtimeGuards = {
  /** Before the subscriber is resolved; a refusal is a `connect_error` with errorCode 1. */
  admitConnection?: (request: RealtimeSocket["request"]) => Promise<GuardRefusal | undefined>;
  /** Before each event a client sends; a refusal is answered with errorCode 3 and the socket is dropped. */
  admitEvent?: (socketId: string) => Promise<GuardRefusal | undefined>;
  /** The socket is gone: forget what was counted for it. */
  forgetSocket?: (socketId: string) => void;
};
