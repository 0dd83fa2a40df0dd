import type { Server, Socket } from "socket.io";
import type {
  ChannelRef,
  ClientToServerEvents,
  InterServerEvents,
  MessageId,
  ServerToClientEvents,
  SocketData,
} from "@/lib/realtime/contract";

export type RealtimeIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type Handshake = RealtimeSocket["handshake"];

/** One client acknowledged one message (live or replayed). */
export type Delivery = { messageId: MessageId; channel: ChannelRef };
export type OnDelivered = (delivery: Delivery) => void;

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
