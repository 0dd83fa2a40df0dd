import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { createRealtimeClient, type ClientSocket, type RealtimeClient } from "./client";
import type { RealtimeMessage } from "./contract";

// Unit tests of the client with a fake socket. Its tests against a real server are in
// test/realtime/realtime-client.test.ts (lib/ may not import server/).

const WEATHER = { name: "members", resourceId: "weather" };
const clients: RealtimeClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

/** Just enough of a Socket.IO client socket to hand the client the same message twice. */
class FakeSocket extends EventEmitter {
  connected = false;
  active = true;
  connect(): this {
    this.connected = true;
    queueMicrotask(() => super.emit("connect"));
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
  off(): this {
    this.removeAllListeners();
    return this;
  }
  timeout() {
    return {
      emit: (_event: string, _request: unknown, reply: (error: Error | null, answer: unknown) => void) =>
        reply(null, { ok: true, subscriptionId: "server-subscription" }),
      emitWithAck: async () => ({ ok: true }),
    };
  }
  /** Returns how many times the client acknowledged it. */
  deliver(message: RealtimeMessage): number {
    let acks = 0;
    super.emit("message", message, () => (acks += 1));
    return acks;
  }
}

describe("realtime client, message handling", () => {
  it("acknowledges every message and hands a repeated id to the handlers only once", async () => {
    const socket = new FakeSocket();
    const client = createRealtimeClient({ socketFactory: () => socket as unknown as ClientSocket });
    clients.push(client);
    const received: unknown[] = [];
    await client.subscribe(WEATHER, (message) => received.push(message.payload));
    const message = { id: "7", channel: WEATHER, payload: "once", publishedAt: new Date().toISOString() };

    expect(socket.deliver(message)).toBe(1);
    expect(socket.deliver({ ...message })).toBe(1);
    expect(socket.deliver({ ...message, id: "8", payload: "next" })).toBe(1);
    expect(socket.deliver({ ...message, id: "9", channel: { name: "members" }, payload: "other channel" })).toBe(1);
    expect(received).toEqual(["once", "next"]);
  });

  it("rejects a subscribe with an invalid channel without connecting", async () => {
    let created = 0;
    const client = createRealtimeClient({
      socketFactory: () => {
        created += 1;
        return new FakeSocket() as unknown as ClientSocket;
      },
    });
    clients.push(client);
    await expect(client.subscribe({ name: "a:b" }, () => undefined)).rejects.toMatchObject({ errorCode: 3 });
    expect(created).toBe(0);
  });
});

/** A fake socket whose subscribe answers the test writes, recording what the client sends. */
class ScriptedSocket extends FakeSocket {
  readonly requests: unknown[] = [];
  readonly unsubscribed: string[] = [];
  constructor(private readonly answer: (request: { since?: string }, socket: ScriptedSocket) => unknown) {
    super();
  }
  /** Connected only once "connect" fires, as a real socket is. */
  override connect(): this {
    queueMicrotask(() => {
      this.connected = true;
      EventEmitter.prototype.emit.call(this, "connect");
    });
    return this;
  }
  override timeout() {
    return {
      emit: (event: string, request: unknown, reply: (error: Error | null, answer: unknown) => void) => {
        if (event === "unsubscribe") {
          this.unsubscribed.push((request as { subscriptionId: string }).subscriptionId);
          reply(null, { ok: true });
          return;
        }
        this.requests.push(request);
        reply(null, this.answer(request as { since?: string }, this));
      },
      emitWithAck: async () => ({ ok: true }),
    };
  }
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === "unsubscribe") {
      this.unsubscribed.push((args[0] as { subscriptionId: string }).subscriptionId);
      return true;
    }
    return super.emit(event, ...args);
  }
}

describe("realtime client, catching up from where the page was rendered", () => {
  const message = (id: string, payload: string): RealtimeMessage => ({ id, channel: WEATHER, payload, publishedAt: new Date().toISOString() });

  it("replays what was published between `since` and the subscription, by subscribing again with `since`", async () => {
    const socket = new ScriptedSocket((request, self) => {
      if (request.since === undefined) return { ok: true, subscriptionId: "live", position: "9" };
      // The server sends the missed messages before its answer.
      self.deliver(message("8", "retracted while the page loaded"));
      return { ok: true, subscriptionId: "catch-up" };
    });
    const client = createRealtimeClient({ socketFactory: () => socket as unknown as ClientSocket });
    clients.push(client);
    const received: unknown[] = [];
    await client.subscribe(WEATHER, (received_) => received.push(received_.payload), { since: "7" });

    expect(socket.requests).toEqual([{ channel: WEATHER }, { channel: WEATHER, since: "7" }]);
    expect(received).toEqual(["retracted while the page loaded"]);
    // The server replays nothing on a channel the socket holds: the first subscription goes.
    expect(socket.unsubscribed).toEqual(["live"]);
    // The position stays the newest id: a later reconnect catches up from 9, not 8.
    socket.emit("disconnect", "transport close");
    socket.connect();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(socket.requests.at(-1)).toEqual({ channel: WEATHER, since: "9" });
  });

  it("asks for nothing more when nothing was published on the channel since", async () => {
    const socket = new ScriptedSocket(() => ({ ok: true, subscriptionId: "live", position: "7" }));
    const client = createRealtimeClient({ socketFactory: () => socket as unknown as ClientSocket });
    clients.push(client);
    await client.subscribe(WEATHER, () => undefined, { since: "7" });
    expect(socket.requests).toEqual([{ channel: WEATHER }]);
  });
});
