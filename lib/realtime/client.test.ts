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
