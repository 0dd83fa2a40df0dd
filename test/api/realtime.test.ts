import { describe, expect, it } from "vitest";
import { newMember } from "../support/http";
import { setUpServerSuite } from "../support/suite";
import { subscribe, texts, waitForMarker, waitForMessages } from "../support/socket";

// The socket contract of DESIGN.md against the real server, identities from real sessions.

const suite = setUpServerSuite();
const { socketFor, publish } = suite;

const visitors = { name: "visitors" };
const members = { name: "members" };
const weather = { name: "members", resourceId: "weather" };
const politics = { name: "members", resourceId: "politics" };

describe("who may subscribe", () => {
  it("lets a visitor read visitors and refuses members and every members resource with errorCode 2", async () => {
    const visitor = await socketFor();
    expect(await subscribe(visitor, visitors)).toEqual({ ok: true, subscriptionId: expect.any(String), position: expect.stringMatching(/^[0-9]+$/) });
    for (const channel of [members, weather]) {
      const reply = await subscribe(visitor, channel);
      expect(reply).toMatchObject({ ok: false, error: { errorCode: 2, message: expect.any(String) } });
    }
    await publish("members-only news", [members, weather]);
    await publish("visitor marker", [visitors]);
    expect(texts(await waitForMarker(visitor, "visitor marker"))).toEqual(["visitor marker"]);
  });

  it("lets members and admins read members and its resources", async () => {
    const member = await newMember(suite.url);
    for (const socket of [await socketFor(member.cookie), await socketFor(suite.adminCookie)]) {
      for (const channel of [members, weather, visitors]) {
        expect(await subscribe(socket, channel)).toMatchObject({ ok: true });
      }
    }
  });

  it("treats a forged or foreign session cookie as a visitor", async () => {
    const forged = await socketFor("authjs.session-token=not-a-real-token");
    expect(await subscribe(forged, weather)).toMatchObject({ ok: false, error: { errorCode: 2 } });
  });
});

describe("channel and resource isolation", () => {
  it("never delivers a channel's messages to its resources' subscribers, nor the reverse", async () => {
    const member = await newMember(suite.url);
    // A channel of this test's own, so the recipient counts are exact.
    const channel = { name: `desk-${Math.random().toString(36).slice(2, 10)}` };
    const resourceA = { ...channel, resourceId: "a" };
    const resourceB = { ...channel, resourceId: "b" };
    const onChannel = await socketFor(member.cookie);
    const onA = await socketFor(member.cookie);
    const onB = await socketFor(member.cookie);
    await subscribe(onChannel, channel);
    await subscribe(onA, resourceA);
    await subscribe(onB, resourceB);

    const toChannel = await publish("to channel", [channel]);
    const toA = await publish("to a", [resourceA]);
    await publish("marker", [channel, resourceA, resourceB]);

    expect(texts(await waitForMarker(onChannel, "marker"))).toEqual(["to channel", "marker"]);
    expect(texts(await waitForMarker(onA, "marker"))).toEqual(["to a", "marker"]);
    expect(texts(await waitForMarker(onB, "marker"))).toEqual(["marker"]);
    expect(toChannel.deliveries[0]?.recipients).toBe(1);
    expect(toA.deliveries[0]?.recipients).toBe(1);
  });

  it("keeps members and members:weather apart too", async () => {
    const member = await newMember(suite.url);
    const onMembers = await socketFor(member.cookie);
    const onWeather = await socketFor(member.cookie);
    const onPolitics = await socketFor(member.cookie);
    await subscribe(onMembers, members);
    await subscribe(onWeather, weather);
    await subscribe(onPolitics, politics);
    await publish("to members", [members]);
    await publish("to weather", [weather]);
    await publish("members marker", [members, weather, politics]);
    expect(texts(await waitForMarker(onMembers, "members marker"))).toEqual(["to members", "members marker"]);
    expect(texts(await waitForMarker(onWeather, "members marker"))).toEqual(["to weather", "members marker"]);
    expect(texts(await waitForMarker(onPolitics, "members marker"))).toEqual(["members marker"]);
  });
});

describe("subscriptions on one socket", () => {
  it("delivers once per socket however many subscriptions it holds on a channel", async () => {
    const socket = await socketFor();
    const first = await subscribe(socket, visitors);
    const second = await subscribe(socket, visitors);
    expect(first.ok && second.ok && first.subscriptionId !== second.subscriptionId).toBe(true);
    const sent = await publish("once", [visitors]);
    expect(sent.deliveries[0]?.recipients).toBeGreaterThanOrEqual(1);
    await waitForMessages(socket, (messages) => messages.length >= 1);
    await publish("marker once", [visitors]);
    expect(texts(await waitForMarker(socket, "marker once"))).toEqual(["once", "marker once"]);
  });

  it("unsubscribes by id (keeping the others) and by channel (all of them)", async () => {
    const socket = await socketFor();
    const first = await subscribe(socket, visitors);
    const second = await subscribe(socket, visitors);
    if (!first.ok || !second.ok) throw new Error("subscribe failed");

    expect(await socket.emitWithAck("unsubscribe", { subscriptionId: first.subscriptionId })).toEqual({ ok: true });
    await publish("still subscribed", [visitors]);
    await waitForMarker(socket, "still subscribed");

    expect(await socket.emitWithAck("unsubscribe", { channel: visitors })).toEqual({ ok: true });
    const markers = { name: "markers" };
    await subscribe(socket, markers);
    await publish("after unsubscribe", [visitors]);
    await publish("unsubscribe marker", [markers]);
    expect(texts(await waitForMarker(socket, "unsubscribe marker"))).toEqual(["still subscribed", "unsubscribe marker"]);

    const unknown = await socket.emitWithAck("unsubscribe", { subscriptionId: "no-such-subscription" });
    expect(unknown).toMatchObject({ ok: false, error: { errorCode: 3, message: expect.any(String) } });
  });
});

describe("bad input on the socket", () => {
  const badSubscribes: [string, unknown][] = [
    ["no payload", undefined],
    ["a string", "visitors"],
    ["no channel", {}],
    ["an empty channel name", { channel: { name: "" } }],
    ["a channel name of 141 characters", { channel: { name: "a".repeat(141) } }],
    ["a bad character", { channel: { name: "visi tors" } }],
    ["a bad resource id", { channel: { name: "members", resourceId: "we/ather" } }],
    ["a non-string since", { channel: { name: "visitors" }, since: 12 }],
  ];

  it.each(badSubscribes)("answers errorCode 3 to a subscribe with %s, and keeps serving", async (_name, payload) => {
    const socket = await socketFor();
    const reply = await socket.timeout(5_000).emitWithAck("subscribe", payload as never);
    expect(reply).toMatchObject({ ok: false, error: { errorCode: 3, message: expect.any(String) } });
    expect(await subscribe(socket, visitors)).toMatchObject({ ok: true });
  });

  it("has no way for a client to publish", async () => {
    const socket = await socketFor(suite.adminCookie);
    await subscribe(socket, visitors);
    (socket as unknown as { emit: (event: string, ...args: unknown[]) => void }).emit("publish", { channel: visitors, payload: { text: "forged" } });
    await publish("real one", [visitors]);
    expect(texts(await waitForMarker(socket, "real one"))).toEqual(["real one"]);
  });
});

describe("replay with since", () => {
  it("sends what was published on that channel after the given id, in order, then goes on live", async () => {
    const first = await socketFor();
    await subscribe(first, visitors);
    await publish("replay one", [visitors]);
    const [seen] = await waitForMessages(first, (messages) => messages.length >= 1);
    first.disconnect();

    await publish("replay two", [visitors]);
    await publish("elsewhere", [weather]);
    await publish("replay three", [visitors]);

    const back = await socketFor();
    const reply = await subscribe(back, visitors, seen!.id);
    expect(reply).toMatchObject({ ok: true, replay: { count: 2, complete: true } });
    await publish("replay live", [visitors]);
    expect(texts(await waitForMarker(back, "replay live"))).toEqual(["replay two", "replay three", "replay live"]);
  });

  it("replays nothing to a subscriber who may not read the channel", async () => {
    const member = await newMember(suite.url);
    const reader = await socketFor(member.cookie);
    await subscribe(reader, weather);
    await publish("weather before", [weather]);
    const [seen] = await waitForMessages(reader, (messages) => messages.length >= 1);
    await publish("weather secret", [weather]);

    const visitor = await socketFor();
    expect(await subscribe(visitor, weather, seen!.id)).toMatchObject({ ok: false, error: { errorCode: 2 } });
    await subscribe(visitor, visitors);
    await publish("visitor marker two", [visitors]);
    expect(texts(await waitForMarker(visitor, "visitor marker two"))).toEqual(["visitor marker two"]);
  });
});
