import { io, type Socket } from "socket.io-client";
import type {
  ChannelRef,
  ClientToServerEvents,
  ConnectErrorData,
  RealtimeMessage,
  ServerToClientEvents,
  SubscribeReply,
} from "@/lib/realtime/contract";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents> & {
  /** Every `message` this socket received, in order. */
  received: RealtimeMessage[];
};

/**
 * A raw socket.io-client connection carrying the given session cookie (or none: a visitor).
 * It acknowledges every message, as the browser client does, unless `ack: false`.
 */
export async function connectSocket(
  baseUrl: string,
  cookie?: string,
  options: { ack?: boolean; transport?: "websocket" | "polling"; headers?: Record<string, string> } = {},
): Promise<TestSocket> {
  const socket = io(baseUrl, {
    path: "/socket.io",
    transports: [options.transport ?? "websocket"],
    extraHeaders: { ...options.headers, ...(cookie ? { cookie } : {}) },
    reconnection: false,
    forceNew: true,
  }) as TestSocket;
  socket.received = [];
  socket.on("message", (message, ack) => {
    socket.received.push(message);
    if (options.ack !== false && typeof ack === "function") ack();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Opens a socket expecting the server to refuse it; resolves with the refusal (`connect_error`). */
export function connectRefused(baseUrl: string, cookie?: string, options: { headers?: Record<string, string> } = {}): Promise<Error & { data: ConnectErrorData }> {
  const socket = io(baseUrl, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: { ...options.headers, ...(cookie ? { cookie } : {}) },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.disconnect();
      reject(new Error("the connection was accepted"));
    });
    socket.once("connect_error", (error) => {
      socket.disconnect();
      resolve(error as Error & { data: ConnectErrorData });
    });
  });
}

export function subscribe(socket: TestSocket, channel: ChannelRef, since?: string): Promise<SubscribeReply> {
  return socket.timeout(10_000).emitWithAck("subscribe", since === undefined ? { channel } : { channel, since });
}

/** Waits until `predicate` holds for the socket's received messages. */
export async function waitForMessages(
  socket: TestSocket,
  predicate: (messages: RealtimeMessage[]) => boolean,
  timeoutMs = 10_000,
): Promise<RealtimeMessage[]> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(socket.received)) {
    if (Date.now() > deadline) throw new Error(`timed out; received: ${JSON.stringify(socket.received)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return socket.received;
}

/**
 * Proves a socket did NOT get a message: waits until a marker message that was published
 * after the one in question reaches the socket, then the earlier one would have arrived too
 * (one connection delivers in order).
 */
export async function waitForMarker(socket: TestSocket, markerText: string): Promise<RealtimeMessage[]> {
  return waitForMessages(socket, (messages) =>
    messages.some((message) => (message.payload as { text?: string }).text === markerText),
  );
}

export function texts(messages: RealtimeMessage[]): string[] {
  return messages.map((message) => (message.payload as { text: string }).text);
}
