import { randomUUID } from "node:crypto";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { createInMemoryMessageLog, type MessageLog } from "@/server/realtime/message-log";
import {
  PROBE,
  createGate,
  resolveTestSubscriber,
  startTestServer,
  withTimeout,
  type TestServer,
} from "@/test/support/realtime-server";
import { createRealtimeClient, RealtimeClientError, type RealtimeClient } from "@/lib/realtime/client";
import type { ChannelRef, RealtimeError, RealtimeMessage } from "@/lib/realtime/contract";

const WEATHER = { name: "members", resourceId: "weather" };
const VISITORS = { name: "visitors" };

let server: TestServer | undefined;
const clients: RealtimeClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  server = undefined;
});

/** Collects what handlers receive and waits for it, without sleeping. */
class Collector {
  readonly items: unknown[] = [];
  private readonly listeners = new Set<() => void>();

  push = (item: unknown): void => {
    this.items.push(item);
    for (const listener of [...this.listeners]) listener();
  };

  waitFor(predicate: (items: unknown[]) => boolean, label: string): Promise<void> {
    return withTimeout(
      new Promise<void>((resolve) => {
        const check = () => {
          if (!predicate(this.items)) return;
          this.listeners.delete(check);
          resolve();
        };
        this.listeners.add(check);
        check();
      }),
      label,
    );
  }
}

/** A client as the browser's, but with its identity as a token the test can change. */
function createClient(target: TestServer, identity: { token: string }): RealtimeClient {
  const url = target.url;
  const client = createRealtimeClient({
    socketFactory: (options) => io(url, { ...options, auth: (callback) => callback({ token: identity.token }) }),
    socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 100 },
  });
  clients.push(client);
  return client;
}

/** Like the server tests' flush: once the probe arrives through the client, earlier messages have too. */
async function flushThrough(client: RealtimeClient, target: TestServer): Promise<void> {
  const marker = randomUUID();
  const arrived = new Collector();
  const subscriptionId = await client.subscribe(PROBE, (message: RealtimeMessage) => arrived.push(message.payload));
  await target.realtime.publish(PROBE, { marker });
  await arrived.waitFor((items) => items.some((item) => (item as { marker?: string }).marker === marker), "the probe");
  await client.unsubscribe({ subscriptionId });
}

function waitForEvent(register: (listener: () => void) => () => void, label: string): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve) => {
      const remove = register(() => {
        remove();
        resolve();
      });
    }),
    label,
  );
}

// The browser's client module (lib/realtime/client.ts) against a real server; it lives here
// because lib/ may not import server/ (see eslint.config.mjs).
describe("realtime client", () => {
  it("calls every handler on a channel, each with its own id, and unsubscribes them one by one", async () => {
    server = await startTestServer();
    const client = createClient(server, { token: "Member:alice" });
    const first = new Collector();
    const second = new Collector();
    const firstId = await client.subscribe(WEATHER, (message, channel) => first.push([message.payload, channel]));
    const secondId = await client.subscribe(WEATHER, (message) => second.push(message.payload));
    expect(firstId).not.toBe(secondId);

    const { recipients } = await server.realtime.publish(WEATHER, "both");
    await second.waitFor((items) => items.includes("both"), "the first message");
    await client.unsubscribe({ subscriptionId: firstId });
    await server.realtime.publish(WEATHER, "second only");
    await flushThrough(client, server);

    expect(recipients).toBe(1); // one socket, however many handlers
    expect(first.items).toEqual([["both", WEATHER]]);
    expect(second.items).toEqual(["both", "second only"]);

    await client.unsubscribe({ channel: WEATHER });
    await server.realtime.publish(WEATHER, "nobody");
    await flushThrough(client, server);
    expect(second.items).toEqual(["both", "second only"]);
  });

  it("keeps a channel apart from its resources", async () => {
    server = await startTestServer();
    const client = createClient(server, { token: "Member:alice" });
    const onChannel = new Collector();
    await client.subscribe({ name: "members" }, (message) => onChannel.push(message.payload));
    await server.realtime.publish(WEATHER, "resource");
    await server.realtime.publish({ name: "members" }, "channel");
    await flushThrough(client, server);
    expect(onChannel.items).toEqual(["channel"]);
  });

  it("without a socket factory, loads Socket.IO's client on the first subscribe and receives live", async () => {
    server = await startTestServer();
    // As in the browser: no factory, so the client imports socket.io-client itself.
    const client = createRealtimeClient({ url: server.url, socketOptions: { auth: { token: "Visitor:v" } } });
    clients.push(client);
    const received = new Collector();
    await client.subscribe(VISITORS, (message) => received.push(message.payload));
    await server.realtime.publish(VISITORS, "live");
    await received.waitFor((items) => items.includes("live"), "the message");
  });

  it("closed while Socket.IO's client is still loading, rejects the subscribe and never connects", async () => {
    server = await startTestServer();
    let connections = 0;
    server.httpServer.on("connection", () => (connections += 1));
    const client = createRealtimeClient({ url: server.url });
    const attempt = client.subscribe(VISITORS, () => undefined);
    client.close();
    await expect(attempt).rejects.toMatchObject({ errorCode: 1 });
    // The client's import resolves before this one (it was asked first); then give a socket time to dial.
    await import("socket.io-client");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(connections).toBe(0);
  });

  it("rejects a refused subscription with errorCode 2, not through onError", async () => {
    server = await startTestServer();
    const client = createClient(server, { token: "Visitor:v" });
    const errors: RealtimeError[] = [];
    client.onError((error) => errors.push(error));
    const attempt = client.subscribe(WEATHER, () => undefined);
    await expect(attempt).rejects.toBeInstanceOf(RealtimeClientError);
    await expect(attempt).rejects.toMatchObject({ errorCode: 2, channel: WEATHER });
    expect(errors).toEqual([]);
  });

  it("rejects bad input with errorCode 3", async () => {
    server = await startTestServer();
    const client = createClient(server, { token: "Member:alice" });
    await expect(client.subscribe({ name: "not valid" }, () => undefined)).rejects.toMatchObject({ errorCode: 3 });
    await expect(client.unsubscribe({ subscriptionId: "unknown" })).rejects.toMatchObject({ errorCode: 3 });
    await expect(client.unsubscribe({ channel: { name: "" } as ChannelRef })).rejects.toMatchObject({ errorCode: 3 });
  });

  it("reports a refused connection to onError with errorCode 1 and rejects the pending subscribe", async () => {
    server = await startTestServer();
    const client = createClient(server, { token: "refuse" });
    const errors: RealtimeError[] = [];
    client.onError((error) => errors.push(error));
    await expect(client.subscribe(VISITORS, () => undefined)).rejects.toMatchObject({ errorCode: 1 });
    expect(errors).toEqual([{ errorCode: 1, message: "Connection refused" }]);
  });

  it("tells connection listeners, and stops telling one once removed", async () => {
    server = await startTestServer();
    const client = createClient(server, { token: "Member:alice" });
    const events: string[] = [];
    const removeConnected = client.onConnected(() => events.push("connected"));
    const removeDisconnected = client.onDisconnected(() => events.push("disconnected"));
    await client.subscribe(VISITORS, () => undefined);
    removeConnected();
    removeDisconnected();
    await client.reconnect();
    expect(events).toEqual(["connected"]);
  });

  it("reconnects by itself after the server restarts, and replays what it missed", async () => {
    const log = createInMemoryMessageLog();
    server = await startTestServer({ messageLog: log });
    const client = createClient(server, { token: "Member:alice" });
    const received = new Collector();
    await client.subscribe(WEATHER, (message) => received.push(message.payload));
    await server.realtime.publish(WEATHER, "before");
    await received.waitFor((items) => items.includes("before"), "the first message");

    const gate = createGate();
    server = await restartHoldingHandshakes(client, server, log, gate);
    const away = [await server.realtime.publish(WEATHER, "while away 1"), await server.realtime.publish(WEATHER, "while away 2")];
    expect(away.map((result) => result.recipients)).toEqual([0, 0]);

    const connected = waitForEvent((listener) => client.onConnected(listener), "the reconnect");
    gate.open();
    await connected;
    await received.waitFor((items) => items.includes("while away 2"), "the replay");
    await server.realtime.publish(WEATHER, "after");
    await received.waitFor((items) => items.includes("after"), "the live message");
    await flushThrough(client, server);

    expect(received.items).toEqual(["before", "while away 1", "while away 2", "after"]);
  });

  it("catches up after a restart even when it had received nothing before the connection dropped", async () => {
    const log = createInMemoryMessageLog();
    server = await startTestServer({ messageLog: log });
    await server.realtime.publish(WEATHER, "long before the page opened");
    const client = createClient(server, { token: "Member:bob" });
    const received = new Collector();
    await client.subscribe(WEATHER, (message) => received.push(message.payload));

    const gate = createGate();
    server = await restartHoldingHandshakes(client, server, log, gate);
    await server.realtime.publish(WEATHER, "while away");
    const connected = waitForEvent((listener) => client.onConnected(listener), "the reconnect");
    gate.open();
    await connected;
    await received.waitFor((items) => items.includes("while away"), "the replay");
    await flushThrough(client, server);

    // What was sent before the page subscribed stays out; what it missed comes in.
    expect(received.items).toEqual(["while away"]);
  });

  it("takes a new identity on reconnect() and reports the channel it lost to onError with errorCode 2", async () => {
    server = await startTestServer();
    const identity = { token: "Member:alice" };
    const client = createClient(server, identity);
    const weather = new Collector();
    const visitors = new Collector();
    await client.subscribe(WEATHER, (message) => weather.push(message.payload));
    await client.subscribe(VISITORS, (message) => visitors.push(message.payload));
    const errors = new Collector();
    client.onError((error) => errors.push(error));

    identity.token = "Visitor:alice-signed-out";
    await client.reconnect();
    await errors.waitFor((items) => items.length > 0, "the lost subscription");
    await server.realtime.publish(WEATHER, "members only");
    await server.realtime.publish(VISITORS, "for everyone");
    await flushThrough(client, server);

    expect(errors.items).toEqual([{ errorCode: 2, message: expect.any(String), channel: WEATHER }]);
    expect(weather.items).toEqual([]);
    expect(visitors.items).toEqual(["for everyone"]);
  });
});

/**
 * Stops the server under a connected client and starts another on the same port and log,
 * which holds every handshake until `gate` opens: the test publishes what the client misses.
 */
async function restartHoldingHandshakes(
  client: RealtimeClient,
  stopped: TestServer,
  log: MessageLog,
  gate: { promise: Promise<void> },
): Promise<TestServer> {
  const disconnected = waitForEvent((listener) => client.onDisconnected(listener), "the disconnect");
  await stopped.stop();
  await disconnected;
  return startTestServer({
    port: stopped.port,
    messageLog: log,
    resolveSubscriber: async (handshake) => {
      await gate.promise;
      return resolveTestSubscriber(handshake);
    },
  });
}
