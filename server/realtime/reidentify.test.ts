import { describe, expect, it } from "vitest";
import type { Subscriber } from "@/lib/realtime/contract";
import { createInMemoryMessageLog, type MessageLog } from "./message-log";
import { PermissionsRouter } from "./permissions-router";
import { createGate, flush, realtimeTestBed, resolveTestSubscriber, withTimeout, type TestServer } from "@/test/support/realtime-server";
import type { Handshake } from "./types";

const WEATHER = { name: "members", resourceId: "weather" };
const VISITORS = { name: "visitors" };

let server: TestServer;
const { start, connect } = realtimeTestBed();

/** The test resolver, except that what `overrides` says of a user id wins (a changed role, a revoked session). */
function resolverWith(overrides: Map<string, () => Subscriber>) {
  return async (handshake: Handshake) => {
    const resolved = await resolveTestSubscriber(handshake);
    const override = overrides.get(resolved.id);
    return override ? { ...override(), sessionId: resolved.sessionId } : resolved;
  };
}

describe("reidentify", () => {
  it("drops the channels a signed-out member may no longer read and keeps the rest", async () => {
    server = await start();
    const alice = await connect("Member:alice");
    const bob = await connect("Member:bob");
    await alice.subscribe({ channel: WEATHER });
    await alice.subscribe({ channel: VISITORS });
    await bob.subscribe({ channel: WEATHER });

    const result = await server.realtime.reidentify({ userId: "alice" }, { asVisitor: true });
    await server.realtime.publish(WEATHER, "members only");
    await server.realtime.publish(VISITORS, "for everyone");
    await flush(server, [alice, bob]);

    expect(result).toEqual({ sockets: 1, dropped: 1, disconnected: 0 });
    expect(alice.payloadsOn(WEATHER)).toEqual([]);
    expect(alice.payloadsOn(VISITORS)).toEqual(["for everyone"]);
    expect(bob.payloadsOn(WEATHER)).toEqual(["members only"]);
    // As a visitor now, it can't take the channel back either.
    expect(await alice.subscribe({ channel: WEATHER })).toMatchObject({ ok: false, error: { errorCode: 2 } });
  });

  it("targets the new identity: `users` and publisher exclusion follow it", async () => {
    const overrides = new Map<string, () => Subscriber>();
    server = await start({ resolveSubscriber: resolverWith(overrides) });
    const client = await connect("Member:alice");
    await client.subscribe({ channel: VISITORS });
    overrides.set("alice", () => ({ type: "Admin", id: "alice-admin" }));
    await server.realtime.reidentify({ sessionId: "session-alice" });

    await server.realtime.publish(VISITORS, "to the old id", { users: ["alice"] });
    await server.realtime.publish(VISITORS, "to the new id", { users: ["alice-admin"] });
    await flush(server, [client]);
    expect(client.payloadsOn(VISITORS)).toEqual(["to the new id"]);
  });

  it("re-resolves from the handshake when no next subscriber is given", async () => {
    server = await start();
    const client = await connect("Member:alice");
    await client.subscribe({ channel: WEATHER });
    // The test resolver reads the same token again: still a member, nothing dropped.
    expect(await server.realtime.reidentify({ userId: "alice" })).toEqual({ sockets: 1, dropped: 0, disconnected: 0 });
    await server.realtime.publish(WEATHER, "still a member");
    await flush(server, [client]);
    expect(client.payloadsOn(WEATHER)).toEqual(["still a member"]);
  });

  it("disconnects a socket whose identity can no longer be resolved", async () => {
    const overrides = new Map<string, () => Subscriber>();
    server = await start({ resolveSubscriber: resolverWith(overrides) });
    const client = await connect("Member:alice");
    await client.subscribe({ channel: WEATHER });
    const disconnected = new Promise<string>((resolve) => client.socket.once("disconnect", resolve));
    overrides.set("alice", () => {
      throw new Error("session revoked");
    });
    const result = await server.realtime.reidentify({ userId: "alice" });
    expect(await withTimeout(disconnected, "the disconnect")).toBe("io server disconnect");
    expect(result).toMatchObject({ sockets: 1, disconnected: 1 });
  });

  it.each([
    ["still may", true, ["during the check", "after"]],
    ["no longer may", false, []],
  ])("holds messages published during the re-check: a reader who %s read gets them once, else never", async (_, allowed, expected) => {
    const checking = createGate();
    const decide = createGate();
    let isReidentifying = false;
    const permissions = new PermissionsRouter();
    permissions.add({ name: "gated" }, async () => {
      if (!isReidentifying) return { read: true };
      checking.open();
      await decide.promise;
      return { read: allowed };
    });
    server = await start({ permissions });
    const client = await connect("Member:alice");
    await client.subscribe({ channel: { name: "gated" } });

    isReidentifying = true;
    const reidentifying = server.realtime.reidentify({ userId: "alice" });
    await withTimeout(checking.promise, "the permission re-check");
    const during = await server.realtime.publish({ name: "gated" }, "during the check");
    decide.open();
    await reidentifying;
    await server.realtime.publish({ name: "gated" }, "after");
    await flush(server, [client]);

    expect(during.recipients).toBe(1);
    expect(client.payloadsOn({ name: "gated" })).toEqual(expected);
  });

  it.each([
    ["without since (reading the position)", undefined],
    ["with since (reading the history)", "0"],
  ])("a subscribe whose check passed before a sign-out never reaches the signed-out socket, %s", async (_, since) => {
    // The check answers for the member, then the socket is signed out before the subscribe
    // joins: the log read that follows the check is held open while an alert is published.
    const checking = createGate();
    const decide = createGate();
    const permissions = new PermissionsRouter();
    permissions.add({ name: "members" }, async (_, subscriber) => {
      checking.open();
      await decide.promise;
      return { read: subscriber.type !== "Visitor" };
    });
    const inner = createInMemoryMessageLog();
    const reading = createGate();
    const finishReading = createGate();
    const gated = <T>(read: () => Promise<T>) => async () => {
      reading.open();
      await finishReading.promise;
      return read();
    };
    const log: MessageLog = {
      append: (...args) => inner.append(...args),
      latestId: (channel) => (channel.name === "members" ? gated(() => inner.latestId(channel))() : inner.latestId(channel)),
      readAfter: (channel, ...rest) => gated(() => inner.readAfter(channel, ...rest))(),
    };
    server = await start({ permissions, messageLog: log });
    await server.realtime.publish(WEATHER, "before the sign-in");
    const client = await connect("Member:alice");

    const subscribing = client.subscribe(since === undefined ? { channel: WEATHER } : { channel: WEATHER, since });
    await withTimeout(checking.promise, "the permission check");
    const signingOut = server.realtime.reidentify({ userId: "alice" }, { asVisitor: true });
    decide.open();
    // Either the subscribe went on to read the log (as the member it no longer is) or it answered.
    await withTimeout(Promise.race([reading.promise, subscribing]), "the subscribe to read the log or answer");
    const during = await server.realtime.publish(WEATHER, "after the sign-out");
    finishReading.open();
    const reply = await subscribing;
    await signingOut;
    await server.realtime.publish(WEATHER, "later");
    await flush(server, [client]);

    expect(client.payloadsOn(WEATHER)).toEqual([]);
    expect(during.recipients).toBe(0);
    expect(reply).toMatchObject({ ok: false, error: { errorCode: 2 } });
  });

  it("lets the last of two re-identifications in a row decide, also when the first one's check ends last", async () => {
    const checking = createGate();
    const decide = createGate();
    let isGated = false;
    const permissions = new PermissionsRouter();
    permissions.add({ name: "members" }, async (_, subscriber) => {
      if (isGated) {
        isGated = false;
        checking.open();
        await decide.promise;
      }
      return { read: subscriber.type !== "Visitor" };
    });
    server = await start({ permissions });
    const client = await connect("Member:alice");
    await client.subscribe({ channel: WEATHER });

    isGated = true;
    // A role change re-checks the member (still a member)...
    const roleChange = server.realtime.reidentify({ userId: "alice" });
    await withTimeout(checking.promise, "the first re-check");
    // ...and a sign-out follows before that check has answered.
    const signOut = server.realtime.reidentify({ userId: "alice" }, { asVisitor: true });
    decide.open();
    await Promise.all([roleChange, signOut]);
    await server.realtime.publish(WEATHER, "after both");
    await flush(server, [client]);

    expect(client.payloadsOn(WEATHER)).toEqual([]);
  });
});
