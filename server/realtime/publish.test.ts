import { describe, expect, it } from "vitest";
import type { Delivery } from "./types";
import { RealtimePublishError } from "./publish";
import { flush, type TestServer, realtimeTestBed, withTimeout } from "@/test/support/realtime-server";

const VISITORS = { name: "visitors" };
const WEATHER = { name: "members", resourceId: "weather" };

let server: TestServer;
const { start, connect } = realtimeTestBed();

describe("publish", () => {
  it("counts the sockets subscribed to exactly that channel or resource", async () => {
    server = await start();
    const [a, b, c] = [await connect("Member:a"), await connect("Member:b"), await connect("Member:c")];
    await a.subscribe({ channel: VISITORS });
    await b.subscribe({ channel: VISITORS });
    await b.subscribe({ channel: VISITORS }); // a second subscription on the same socket is not a second recipient
    await c.subscribe({ channel: WEATHER });

    expect((await server.realtime.publish(VISITORS, "hello")).recipients).toBe(2);
    expect((await server.realtime.publish(WEATHER, "rain")).recipients).toBe(1);
    expect((await server.realtime.publish({ name: "members" }, "nobody")).recipients).toBe(0);
  });

  it("refuses a payload over 10 KB, logs nothing and delivers nothing", async () => {
    server = await start();
    const client = await connect("Member:a");
    await client.subscribe({ channel: VISITORS });
    const tooBig = { text: "x".repeat(10 * 1024) };

    const attempt = server.realtime.publish(VISITORS, tooBig);
    await expect(attempt).rejects.toBeInstanceOf(RealtimePublishError);
    await expect(attempt).rejects.toMatchObject({ code: "payload_too_large" });
    await flush(server, [client]);

    expect(client.payloadsOn(VISITORS)).toEqual([]);
    const logged = await server.log.readAfter(VISITORS, "0", { limit: 100, notBefore: new Date(0) });
    expect(logged.messages).toEqual([]);
  });

  it("accepts a payload of exactly 10 KB serialized", async () => {
    server = await start();
    const exactly = "x".repeat(10 * 1024 - 2); // plus the two quotes of the JSON string
    await expect(server.realtime.publish(VISITORS, exactly)).resolves.toMatchObject({ recipients: 0 });
  });

  it.each([
    ["an invalid channel", { name: "not valid" }, "ok", "invalid_channel"],
    ["a payload JSON can't carry", VISITORS, { big: 1n }, "invalid_payload"],
    ["an undefined payload", VISITORS, undefined, "invalid_payload"],
  ])("refuses %s with a typed error", async (_, channel, payload, code) => {
    server = await start();
    await expect(server.realtime.publish(channel, payload)).rejects.toMatchObject({ name: "RealtimePublishError", code });
  });

  it("delivers only to the listed users when `users` is given", async () => {
    server = await start();
    const alice = await connect("Member:alice");
    const aliceElsewhere = await connect("Member:alice");
    const bob = await connect("Member:bob");
    const carol = await connect("Member:carol");
    for (const client of [alice, aliceElsewhere, bob, carol]) await client.subscribe({ channel: WEATHER });

    const { recipients } = await server.realtime.publish(WEATHER, "for alice and carol", { users: ["alice", "carol"] });
    const toNobody = await server.realtime.publish(WEATHER, "for nobody", { users: [] });
    await flush(server, [alice, aliceElsewhere, bob, carol]);

    expect(recipients).toBe(3);
    expect(toNobody.recipients).toBe(0);
    expect(alice.payloadsOn(WEATHER)).toEqual(["for alice and carol"]);
    expect(aliceElsewhere.payloadsOn(WEATHER)).toEqual(["for alice and carol"]);
    expect(carol.payloadsOn(WEATHER)).toEqual(["for alice and carol"]);
    expect(bob.payloadsOn(WEATHER)).toEqual([]);
  });

  it("reaches a listed user only on their sockets subscribed to that channel, and skips every socket of the publisher", async () => {
    server = await start();
    const aliceOnWeather = await connect("Member:alice");
    const aliceOnVisitors = await connect("Member:alice");
    const boss = [await connect("Admin:boss"), await connect("Admin:boss")];
    const bob = await connect("Member:bob");
    await aliceOnWeather.subscribe({ channel: WEATHER });
    await aliceOnVisitors.subscribe({ channel: VISITORS });
    for (const client of [...boss, bob]) await client.subscribe({ channel: WEATHER });
    const publisher = { type: "Admin" as const, id: "boss" };

    const toAlice = await server.realtime.publish(WEATHER, "for alice", { users: ["alice", "nobody"] });
    const toAliceAndBoss = await server.realtime.publish(WEATHER, "past the publisher", { users: ["alice", "boss"], publisher });
    const toAll = await server.realtime.publish(WEATHER, "all but the publisher", { publisher });
    await flush(server, [aliceOnWeather, aliceOnVisitors, ...boss, bob]);

    expect([toAlice.recipients, toAliceAndBoss.recipients, toAll.recipients]).toEqual([1, 1, 2]);
    expect(aliceOnWeather.payloadsOn(WEATHER)).toEqual(["for alice", "past the publisher", "all but the publisher"]);
    expect(aliceOnVisitors.payloadsOn(WEATHER)).toEqual([]);
    expect(bob.payloadsOn(WEATHER)).toEqual(["all but the publisher"]);
    for (const client of boss) expect(client.payloadsOn(WEATHER)).toEqual([]);
  });

  it("skips the publisher's own sockets and hides the publisher unless includePublisher", async () => {
    server = await start();
    const admin = await connect("Admin:boss");
    const reader = await connect("Member:reader");
    await admin.subscribe({ channel: VISITORS });
    await reader.subscribe({ channel: VISITORS });
    const publisher = { type: "Admin" as const, id: "boss" };

    const quiet = await server.realtime.publish(VISITORS, "quiet", { publisher });
    const signed = await server.realtime.publish(VISITORS, "signed", { publisher, includePublisher: true });
    await flush(server, [admin, reader]);

    expect(quiet.recipients).toBe(1);
    expect(signed.recipients).toBe(2);
    expect(admin.payloadsOn(VISITORS)).toEqual(["signed"]);
    expect(reader.payloadsOn(VISITORS)).toEqual(["quiet", "signed"]);
    const [quietMessage, signedMessage] = reader.received.filter((message) => message.channel.name === "visitors");
    expect(quietMessage?.publisher).toBeUndefined();
    expect(signedMessage?.publisher).toEqual(publisher);
  });

  it("logs the message before delivering it, so it can be replayed", async () => {
    server = await start();
    const { message } = await server.realtime.publish(VISITORS, { text: "logged" });
    const logged = await server.log.readAfter(VISITORS, "0", { limit: 10, notBefore: new Date(0) });
    expect(logged.messages).toEqual([message]);
  });

  it("reports each client's acknowledgement of a message", async () => {
    const deliveries: Delivery[] = [];
    let onDelivery: () => void = () => undefined;
    server = await start({
      onDelivered: (delivery) => {
        deliveries.push(delivery);
        onDelivery();
      },
    });
    const [a, b] = [await connect("Member:a"), await connect("Member:b")];
    await a.subscribe({ channel: VISITORS });
    await b.subscribe({ channel: VISITORS });
    const bothAcked = new Promise<void>((resolve) => {
      onDelivery = () => {
        if (deliveries.filter((delivery) => delivery.messageId === message.id).length === 2) resolve();
      };
    });
    const { message } = await server.realtime.publish(VISITORS, "ack me");
    await withTimeout(bothAcked, "two acknowledgements");
    expect(deliveries.filter((delivery) => delivery.messageId === message.id)).toEqual([
      { messageId: message.id, channel: VISITORS },
      { messageId: message.id, channel: VISITORS },
    ]);
  });
});
