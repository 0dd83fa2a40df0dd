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
