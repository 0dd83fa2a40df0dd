import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { subscribeRequestSchema, unsubscribeRequestSchema } from "@/lib/realtime/channel";
import { RealtimeErrorCode } from "@/lib/realtime/contract";
import { anyJson, badChannelPart, invalidFor, LEAKED_INTERNALS } from "../support/fuzz";
import { api } from "../support/http";
import { subscribe, waitForMarker, type TestSocket } from "../support/socket";
import { setUpServerSuite } from "../support/suite";

// Property-based fuzzing of the socket events: thousands of malformed subscribe/unsubscribe
// payloads, made-up events and broken packets. Each request with an ack is answered with
// errorCode 3; the connection and the server stay up (a broken packet closes only its own
// connection), and nothing reaches the listeners. Limits are off: this file is about input.
const suite = setUpServerSuite({ env: { RATE_LIMITS: "off" } });

const nearMissChannel = fc.oneof(
  fc.record({ name: badChannelPart }),
  fc.record({ name: fc.constant("visitors"), resourceId: badChannelPart }),
  fc.record({ name: fc.constant("visitors"), extra: anyJson }),
  anyJson,
);
const nearMissSubscribe = fc.oneof(
  nearMissChannel.map((channel) => ({ channel })),
  fc.record({ channel: fc.constant({ name: "visitors" }), since: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), anyJson) }),
  fc.record({ channel: fc.constant({ name: "visitors" }), extra: anyJson }),
);
const nearMissUnsubscribe = fc.oneof(
  fc.record({ subscriptionId: fc.oneof(fc.constant(""), fc.string({ minLength: 101, maxLength: 120 }), anyJson) }),
  fc.record({ subscriptionId: fc.constant("1"), channel: fc.constant({ name: "visitors" }) }),
  nearMissChannel.map((channel) => ({ channel })),
);

type Reply = { ok: boolean; error?: { errorCode: number; message: string } };

function emitWithAck(socket: TestSocket, event: string, payload: unknown): Promise<Reply> {
  return (socket.timeout(10_000) as unknown as { emitWithAck: (event: string, payload: unknown) => Promise<Reply> }).emitWithAck(event, payload);
}

function expectBadInput(reply: Reply): void {
  expect(reply, JSON.stringify(reply)).toEqual({ ok: false, error: { errorCode: RealtimeErrorCode.badInput, message: expect.any(String) } });
  expect(reply.error?.message).not.toMatch(LEAKED_INTERNALS);
}

/** A visitor and the admin listening on the public and members' channels. */
async function listen(): Promise<TestSocket[]> {
  const visitor = await suite.socketFor();
  const admin = await suite.socketFor(suite.adminCookie);
  expect((await subscribe(visitor, { name: "visitors" })).ok).toBe(true);
  for (const channel of [{ name: "members" }, { name: "members", resourceId: "weather" }]) expect((await subscribe(admin, channel)).ok).toBe(true);
  return [visitor, admin];
}

/** The server is healthy, and a marker sent now is the only message any listener ever got. */
async function expectQuietAndHealthy(listeners: TestSocket[]): Promise<void> {
  expect((await api(suite.url, "/api/health")).status).toBe(200);
  const marker = `marker ${Date.now()}`;
  await suite.publish(marker, [{ name: "visitors" }, { name: "members" }, { name: "members", resourceId: "weather" }]);
  for (const listener of listeners) {
    expect(listener.connected).toBe(true);
    const received = await waitForMarker(listener, marker);
    expect(received.every((message) => (message.payload as { text: string }).text === marker)).toBe(true);
  }
}

describe("socket events under malformed input", () => {
  it("subscribe: every malformed payload is answered with errorCode 3 and the connection stays", async () => {
    const listeners = await listen();
    const socket = await suite.socketFor();
    await fc.assert(
      fc.asyncProperty(invalidFor(subscribeRequestSchema, nearMissSubscribe), async (payload) => {
        expectBadInput(await emitWithAck(socket, "subscribe", payload));
      }),
      { numRuns: 1000 },
    );
    expect(socket.connected).toBe(true);
    expect((await subscribe(socket, { name: "visitors" })).ok).toBe(true);
    listeners.push(socket);
    await expectQuietAndHealthy(listeners);
  });

  it("unsubscribe: malformed payloads and unknown ids are errorCode 3; real subscriptions survive", async () => {
    const listeners = await listen();
    const unknownId = fc.record({ subscriptionId: fc.string({ minLength: 1, maxLength: 100 }) });
    await fc.assert(
      fc.asyncProperty(fc.oneof(invalidFor(unsubscribeRequestSchema, nearMissUnsubscribe), unknownId), async (payload) => {
        expectBadInput(await emitWithAck(listeners[0] as TestSocket, "unsubscribe", payload));
      }),
      { numRuns: 600 },
    );
    await expectQuietAndHealthy(listeners);
  });

  it("made-up events, missing acks and odd argument lists are ignored without harm", async () => {
    const listeners = await listen();
    const socket = await suite.socketFor();
    const eventName = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom("subscribe", "unsubscribe", "message"));
    await fc.assert(
      fc.asyncProperty(eventName, fc.array(anyJson, { maxLength: 4 }), async (event, args) => {
        // Reserved names make the client throw before anything is sent: nothing to test there.
        if (["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"].includes(event)) return;
        (socket as unknown as { emit: (event: string, ...args: unknown[]) => void }).emit(event, ...args);
      }),
      { numRuns: 500 },
    );
    expect((await subscribe(socket, { name: "visitors" })).ok).toBe(true);
    listeners.push(socket);
    await expectQuietAndHealthy(listeners);
  });

  it("broken packets close only the connection that sent them", async () => {
    const listeners = await listen();
    const packet = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ maxLength: 40 }).map((tail) => `42${tail}`),
      anyJson.map((value) => `4${JSON.stringify(value)}`),
      fc.constantFrom('42["subscribe",', "4", "49", '43999["x"]', "4-1", '451-["subscribe",{"_placeholder":true,"num":0}]'),
    );
    await fc.assert(
      fc.asyncProperty(packet, async (data) => {
        const socket = await suite.socketFor();
        // Below Socket.IO: an engine.io message frame carrying whatever text we like.
        (socket.io.engine as unknown as { write: (data: string) => void }).write(data);
        await new Promise((resolve) => setTimeout(resolve, 5));
        socket.disconnect();
      }),
      { numRuns: 150 },
    );
    await expectQuietAndHealthy(listeners);
  });
});
