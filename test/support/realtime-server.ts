// The realtime layer's test bed: a real HTTP server on a free port with only the realtime layer
// (no Next.js, no database unless a test passes one), identities from an `auth.token` instead
// of a session cookie, and real socket.io-client sockets. Tests of the whole app use
// test/support/server.ts and socket.ts instead; both speak the same contract.
import { randomUUID } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io } from "socket.io-client";
import type { ClientSocket } from "@/lib/realtime/client";
import {
  SOCKET_IO_PATH,
  type ChannelRef,
  type RealtimeMessage,
  type SubscribeReply,
  type SubscribeRequest,
  type Subscriber,
  type UnsubscribeReply,
  type UnsubscribeRequest,
} from "@/lib/realtime/contract";
import { sameChannel } from "@/lib/realtime/channel";
import { createInMemoryMessageLog, type MessageLog } from "@/server/realtime/message-log";
import { PermissionsRouter } from "@/server/realtime/permissions-router";
import { createRealtimeServer, type RealtimeServer, type RealtimeServerDeps } from "@/server/realtime/realtime-server";
import type { Handshake } from "@/server/realtime/types";
import { afterEach } from "vitest";

export const WAIT_MS = 5_000;
export const PROBE: ChannelRef = { name: "probe" };

/** The site's policy in miniature: `members` (and its resources) for Members and Admins, `secret` for nobody. */
export function createTestPermissions(): PermissionsRouter {
  const permissions = new PermissionsRouter();
  permissions.default(() => ({ read: true }));
  permissions.add({ name: "members" }, (_, subscriber) => ({ read: subscriber.type !== "Visitor" }));
  permissions.add({ name: "secret" }, () => ({ read: false }));
  return permissions;
}

/** Test identity: `auth.token` is "Type:id" (e.g. "Member:alice"); "refuse" is refused; none is a visitor. */
export async function resolveTestSubscriber(handshake: Handshake): Promise<Subscriber & { sessionId?: string }> {
  const token = (handshake.auth as { token?: unknown }).token;
  if (token === undefined) return { type: "Visitor", id: "anonymous" };
  if (typeof token !== "string" || token === "refuse") throw new Error("bad session");
  const [type, id] = token.split(":");
  if ((type !== "Visitor" && type !== "Member" && type !== "Admin") || !id) throw new Error("bad token");
  return { type, id, sessionId: `session-${id}` };
}

export type TestServer = {
  url: string;
  port: number;
  httpServer: HttpServer;
  realtime: RealtimeServer;
  log: MessageLog;
  stop(): Promise<void>;
};

export async function startTestServer(
  options: Partial<RealtimeServerDeps> & { port?: number } = {},
): Promise<TestServer> {
  const { port: wantedPort = 0, ...overrides } = options;
  const httpServer = createServer();
  const log = overrides.messageLog ?? createInMemoryMessageLog();
  const realtime = createRealtimeServer(httpServer, {
    permissions: createTestPermissions(),
    resolveSubscriber: resolveTestSubscriber,
    ...overrides,
    messageLog: log,
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(wantedPort, "127.0.0.1", () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  let isStopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    httpServer,
    realtime,
    log,
    async stop() {
      if (isStopped) return;
      isStopped = true;
      await realtime.close();
    },
  };
}

/**
 * A test file's server and clients, all closed after each test: `start` a server in the test
 * (or a beforeEach) with the options it needs, then `connect` clients to it.
 */
export function realtimeTestBed() {
  let current: TestServer | undefined;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await current?.stop();
    current = undefined;
  });
  return {
    async start(options?: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
      current = await startTestServer(options);
      return current;
    },
    async connect(token?: string): Promise<TestClient> {
      if (!current) throw new Error("start the test server before connecting clients");
      const client = await connectClient(current, token);
      clients.push(client);
      return client;
    },
  };
}

export function withTimeout<T>(promise: Promise<T>, label: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves when `check` passes, re-checking whenever `subscribe`'s callback fires. */
function waitUntil<T>(check: () => T | undefined, onChange: (listener: () => void) => () => void, label: string): Promise<T> {
  return withTimeout(
    new Promise<T>((resolve) => {
      const first = check();
      if (first !== undefined) return resolve(first);
      const stop = onChange(() => {
        const value = check();
        if (value === undefined) return;
        stop();
        resolve(value);
      });
    }),
    label,
  );
}

/** One raw client: a real socket, everything it received, and typed requests. */
export class TestClient {
  readonly received: RealtimeMessage[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(readonly socket: ClientSocket) {
    socket.on("message", (message, ack) => {
      this.received.push(message);
      if (typeof ack === "function") ack();
      for (const listener of [...this.listeners]) listener();
    });
  }

  payloadsOn(channel: ChannelRef): unknown[] {
    return this.received.filter((message) => sameChannel(message.channel, channel)).map((message) => message.payload);
  }

  waitForMessage(predicate: (message: RealtimeMessage) => boolean, label = "a message"): Promise<RealtimeMessage> {
    return waitUntil(
      () => this.received.find(predicate),
      (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
      label,
    );
  }

  subscribe(request: SubscribeRequest | unknown): Promise<SubscribeReply> {
    return this.socket.timeout(WAIT_MS).emitWithAck("subscribe", request as SubscribeRequest);
  }

  unsubscribe(request: UnsubscribeRequest | unknown): Promise<UnsubscribeReply> {
    return this.socket.timeout(WAIT_MS).emitWithAck("unsubscribe", request as UnsubscribeRequest);
  }

  close(): void {
    this.socket.disconnect();
  }
}

export function openSocket(url: string, token?: string): ClientSocket {
  return io(url, {
    path: SOCKET_IO_PATH,
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    ...(token === undefined ? {} : { auth: { token } }),
  });
}

/** A connected client already subscribed to PROBE (see `flush`). */
export async function connectClient(server: TestServer, token?: string): Promise<TestClient> {
  const socket = openSocket(server.url, token);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    }),
    "connect",
  );
  const client = new TestClient(socket);
  const reply = await client.subscribe({ channel: PROBE });
  if (!reply.ok) throw new Error(`probe subscription refused: ${reply.error.message}`);
  return client;
}

/**
 * After this, every message published earlier has reached each client: a socket receives its
 * messages in publish order, so once a later probe has arrived, nothing earlier is still on its
 * way. This is how a test asserts that something was NOT delivered, without sleeping.
 */
export async function flush(server: TestServer, clients: TestClient[]): Promise<void> {
  const marker = randomUUID();
  await server.realtime.publish(PROBE, { marker });
  await Promise.all(
    clients.map((client) =>
      client.waitForMessage((message) => sameChannel(message.channel, PROBE) && (message.payload as { marker?: string }).marker === marker, "probe"),
    ),
  );
}

/** A promise you resolve from outside: lets a test hold a step of the server at a chosen point. */
export function createGate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
