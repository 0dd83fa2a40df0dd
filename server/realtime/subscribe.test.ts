import { beforeEach, describe, expect, it } from "vitest";
import { PermissionsRouter } from "./permissions-router";
import { createGate, flush, openSocket, PROBE, type TestServer, realtimeTestBed, withTimeout } from "@/test/support/realtime-server";

const MEMBERS = { name: "members" };
const WEATHER = { name: "members", resourceId: "weather" };
const POLITICS = { name: "members", resourceId: "politics" };

let server: TestServer;
const { start, connect } = realtimeTestBed();

beforeEach(async () => {
  server = await start();
});

describe("channel and resource isolation", () => {
  it("delivers a channel's messages only to the channel, and a resource's only to that resource", async () => {
    const onChannel = await connect("Member:a");
    const onWeather = await connect("Member:b");
    const onPolitics = await connect("Member:c");
    expect((await onChannel.subscribe({ channel: MEMBERS })).ok).toBe(true);
    expect((await onWeather.subscribe({ channel: WEATHER })).ok).toBe(true);
    expect((await onPolitics.subscribe({ channel: POLITICS })).ok).toBe(true);

    await server.realtime.publish(MEMBERS, "to the channel");
    await server.realtime.publish(WEATHER, "to weather");
    await flush(server, [onChannel, onWeather, onPolitics]);

    expect(onChannel.payloadsOn(MEMBERS)).toEqual(["to the channel"]);
    expect(onChannel.payloadsOn(WEATHER)).toEqual([]);
    expect(onWeather.payloadsOn(WEATHER)).toEqual(["to weather"]);
    expect(onWeather.payloadsOn(MEMBERS)).toEqual([]);
    expect(onPolitics.received.filter((message) => message.channel.name === "members")).toEqual([]);
  });

  it("hands each message over with its channel, id and publish time", async () => {
    const client = await connect("Member:a");
    await client.subscribe({ channel: WEATHER });
    const { message } = await server.realtime.publish(WEATHER, { text: "Storm" });
    const received = await client.waitForMessage((candidate) => candidate.id === message.id);
    expect(received).toEqual({ id: message.id, channel: WEATHER, payload: { text: "Storm" }, publishedAt: message.publishedAt });
    expect(Number.isNaN(Date.parse(received.publishedAt))).toBe(false);
  });
});

describe("several subscriptions on one channel", () => {
  it("gives each its own id and delivers each message once per socket", async () => {
    const client = await connect("Member:a");
    const first = await client.subscribe({ channel: WEATHER });
    const second = await client.subscribe({ channel: WEATHER });
    if (!first.ok || !second.ok) throw new Error("subscribe refused");
    expect(first.subscriptionId).not.toBe(second.subscriptionId);

    const { recipients } = await server.realtime.publish(WEATHER, "once");
    await flush(server, [client]);
    expect(client.payloadsOn(WEATHER)).toEqual(["once"]);
    expect(recipients).toBe(1);
  });
});

describe("unsubscribe", () => {
  it("by id removes one subscription, and the socket stops receiving when none remain", async () => {
    const client = await connect("Member:a");
    const first = await client.subscribe({ channel: WEATHER });
    const second = await client.subscribe({ channel: WEATHER });
    if (!first.ok || !second.ok) throw new Error("subscribe refused");

    expect(await client.unsubscribe({ subscriptionId: first.subscriptionId })).toEqual({ ok: true });
    await server.realtime.publish(WEATHER, "still subscribed");
    expect(await client.unsubscribe({ subscriptionId: second.subscriptionId })).toEqual({ ok: true });
    await server.realtime.publish(WEATHER, "after the last one");
    await flush(server, [client]);

    expect(client.payloadsOn(WEATHER)).toEqual(["still subscribed"]);
  });

  it("by channel removes all of its subscriptions but not its resources'", async () => {
    const client = await connect("Member:a");
    await client.subscribe({ channel: MEMBERS });
    await client.subscribe({ channel: MEMBERS });
    await client.subscribe({ channel: WEATHER });

    expect(await client.unsubscribe({ channel: MEMBERS })).toEqual({ ok: true });
    await server.realtime.publish(MEMBERS, "channel");
    await server.realtime.publish(WEATHER, "resource");
    await flush(server, [client]);

    expect(client.payloadsOn(MEMBERS)).toEqual([]);
    expect(client.payloadsOn(WEATHER)).toEqual(["resource"]);
  });

  it("answers an unknown subscription id with errorCode 3", async () => {
    const client = await connect("Member:a");
    const reply = await client.unsubscribe({ subscriptionId: "no-such-subscription" });
    expect(reply).toMatchObject({ ok: false, error: { errorCode: 3 } });
  });

  it("does not let one socket unsubscribe another's subscription", async () => {
    const owner = await connect("Member:a");
    const other = await connect("Member:b");
    const reply = await owner.subscribe({ channel: WEATHER });
    if (!reply.ok) throw new Error("subscribe refused");
    expect(await other.unsubscribe({ subscriptionId: reply.subscriptionId })).toMatchObject({ ok: false, error: { errorCode: 3 } });
    await server.realtime.publish(WEATHER, "still mine");
    await flush(server, [owner]);
    expect(owner.payloadsOn(WEATHER)).toEqual(["still mine"]);
  });
});

describe("permissions", () => {
  it("refuses a channel the subscriber may not read with errorCode 2, and delivers nothing from it", async () => {
    const visitor = await connect("Visitor:v");
    const reply = await visitor.subscribe({ channel: WEATHER });
    expect(reply).toMatchObject({ ok: false, error: { errorCode: 2, channel: WEATHER } });
    expect(await visitor.subscribe({ channel: MEMBERS })).toMatchObject({ ok: false, error: { errorCode: 2 } });

    const { recipients } = await server.realtime.publish(WEATHER, "members only");
    await flush(server, [visitor]);
    expect(visitor.payloadsOn(WEATHER)).toEqual([]);
    expect(recipients).toBe(0);
  });

  it("lets the same channel through for a member", async () => {
    const member = await connect("Member:m");
    expect((await member.subscribe({ channel: WEATHER })).ok).toBe(true);
  });
});

describe("bad input", () => {
  it.each([
    ["no payload", undefined],
    ["a string", "members"],
    ["an invalid channel", { channel: { name: "has space" } }],
    ["a channel with unknown keys", { channel: { name: "members", admin: true } }],
    ["a resource that is too long", { channel: { name: "members", resourceId: "x".repeat(141) } }],
    ["a bad since", { channel: { name: "visitors" }, since: "yesterday" }],
  ])("answers %s with errorCode 3", async (_, request) => {
    const client = await connect("Member:a");
    expect(await client.subscribe(request)).toMatchObject({ ok: false, error: { errorCode: 3 } });
  });

  it.each([
    ["neither id nor channel", {}],
    ["both id and channel", { subscriptionId: "x", channel: { name: "members" } }],
    ["a number", 7],
  ])("answers an unsubscribe with %s with errorCode 3", async (_, request) => {
    const client = await connect("Member:a");
    expect(await client.unsubscribe(request)).toMatchObject({ ok: false, error: { errorCode: 3 } });
  });

  it("survives requests without an ack, with only an ack, and unknown events, and keeps serving", async () => {
    const client = await connect("Member:a");
    const raw = client.socket as unknown as { emit: (event: string, ...args: unknown[]) => void };
    raw.emit("subscribe", { channel: { name: "visitors" } }); // no ack
    raw.emit("subscribe"); // nothing at all
    raw.emit("unsubscribe", { subscriptionId: "x" }); // no ack
    raw.emit("publish", { name: "visitors" }, "clients cannot publish");
    const onlyAck = await withTimeout(
      new Promise((resolve) => raw.emit("subscribe", resolve)),
      "the reply to a subscribe with only an ack",
    );
    expect(onlyAck).toMatchObject({ ok: false, error: { errorCode: 3 } });

    const visitorsFeed = await connect();
    await visitorsFeed.subscribe({ channel: { name: "visitors" } });
    await flush(server, [client, visitorsFeed]);
    // Nothing was published by the client's "publish" event.
    expect(visitorsFeed.payloadsOn({ name: "visitors" })).toEqual([]);
    expect(client.socket.connected).toBe(true);
  });

  it("disconnects a client whose packet exceeds the size limit, and keeps serving others", async () => {
    const client = await connect("Member:a");
    const disconnected = new Promise<string>((resolve) => client.socket.once("disconnect", resolve));
    void client.socket.emit("subscribe", { channel: { name: "x".repeat(20_000) } } as never, () => undefined);
    await withTimeout(disconnected, "the oversized client's disconnect");

    const other = await connect("Member:b");
    expect((await other.subscribe({ channel: WEATHER })).ok).toBe(true);
  });
});

describe("connection", () => {
  it("refuses a connection whose subscriber cannot be resolved, with errorCode 1", async () => {
    const socket = openSocket(server.url, "refuse");
    const error = await withTimeout(
      new Promise<Error & { data?: unknown }>((resolve) => socket.once("connect_error", resolve)),
      "connect_error",
    );
    socket.disconnect();
    expect(error.data).toEqual({ errorCode: 1 });
    expect(error.message).toBe("Connection refused");
  });
});

describe("the subscription cap", () => {
  /** These tests need a server with other options than the file's. */
  async function restart(options: Parameters<typeof start>[0]): Promise<void> {
    await server.stop();
    server = await start(options);
  }

  it("is exact under a burst on distinct channels, whose checks are all in flight at once", async () => {
    const burst = 8;
    const gate = createGate();
    let settled = 0;
    const onSettled = () => {
      settled += 1;
      if (settled === burst) gate.open();
    };
    const permissions = new PermissionsRouter();
    permissions.add({ name: "burst" }, async () => {
      onSettled();
      await gate.promise;
      return { read: true };
    });
    // PROBE (every test client holds it) takes one of the 5 places: 4 are left for the burst.
    await restart({ permissions, maxSubscriptionsPerSocket: 5 });
    const client = await connect("Member:a");
    const replies = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        client.subscribe({ channel: { name: "burst", resourceId: `r${i}` } }).then((reply) => {
          // A refusal answers at once; an admitted request waits in its check until all have arrived.
          if (!reply.ok) onSettled();
          return reply;
        }),
      ),
    );

    expect(replies.filter((reply) => reply.ok)).toHaveLength(4);
    expect(replies.filter((reply) => !reply.ok)).toEqual(
      Array.from({ length: 4 }, () => ({ ok: false, error: expect.objectContaining({ errorCode: 3, message: "At most 5 subscriptions per connection" }) })),
    );
  });

  it("gives the place of a refused subscribe back", async () => {
    await restart({ maxSubscriptionsPerSocket: 3 });
    const client = await connect("Member:a");
    for (let i = 0; i < 3; i++) expect(await client.subscribe({ channel: { name: "secret" } })).toMatchObject({ ok: false, error: { errorCode: 2 } });
    expect((await client.subscribe({ channel: { name: "visitors" } })).ok).toBe(true);
    expect((await client.subscribe({ channel: { name: "news" } })).ok).toBe(true);
    expect(await client.subscribe({ channel: { name: "more" } })).toMatchObject({ ok: false, error: { errorCode: 3 } });
    // Unsubscribing frees a place too.
    expect(await client.unsubscribe({ channel: PROBE })).toEqual({ ok: true });
    expect((await client.subscribe({ channel: { name: "more" } })).ok).toBe(true);
  });
});
