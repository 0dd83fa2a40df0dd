import { describe, expect, it } from "vitest";
import { createInMemoryMessageLog, type MessageLog } from "./message-log";
import { createGate, flush, type TestServer, realtimeTestBed, withTimeout } from "@/test/support/realtime-server";

const WEATHER = { name: "members", resourceId: "weather" };
const MEMBERS = { name: "members" };

let server: TestServer;
const { start, connect } = realtimeTestBed();

/** A log whose reads stop at a gate, so a test can publish while a replay is being read. */
function gatedLog(order: "read-then-wait" | "wait-then-read") {
  const inner = createInMemoryMessageLog();
  const entered = createGate();
  const release = createGate();
  const log: MessageLog = {
    append: (...args) => inner.append(...args),
    latestId: (...args) => inner.latestId(...args),
    async readAfter(...args) {
      if (order === "read-then-wait") {
        const result = await inner.readAfter(...args);
        entered.open();
        await release.promise;
        return result;
      }
      entered.open();
      await release.promise;
      return inner.readAfter(...args);
    },
  };
  return { log, entered, release };
}

describe("replay with since", () => {
  it("sends, in order, what was published on that exact channel after `since`, then continues live", async () => {
    server = await start();
    const { message: seen } = await server.realtime.publish(WEATHER, "seen before");
    for (const text of ["missed 1", "missed 2", "missed 3"]) await server.realtime.publish(WEATHER, text);
    await server.realtime.publish(MEMBERS, "other channel");
    await server.realtime.publish({ name: "members", resourceId: "politics" }, "other resource");

    const client = await connect("Member:a");
    const reply = await client.subscribe({ channel: WEATHER, since: seen.id });
    await server.realtime.publish(WEATHER, "live");
    await flush(server, [client]);

    expect(reply).toMatchObject({ ok: true, replay: { count: 3, complete: true } });
    expect(client.payloadsOn(WEATHER)).toEqual(["missed 1", "missed 2", "missed 3", "live"]);
    expect(client.payloadsOn(MEMBERS)).toEqual([]);
  });

  it("sends only the newest messages within the limit and says the gap is not filled", async () => {
    server = await start({ replay: { limit: 2 } });
    for (const text of ["1", "2", "3", "4"]) await server.realtime.publish(WEATHER, text);
    const client = await connect("Member:a");
    const reply = await client.subscribe({ channel: WEATHER, since: "0" });
    await flush(server, [client]);
    expect(reply).toMatchObject({ ok: true, replay: { count: 2, complete: false } });
    expect(client.payloadsOn(WEATHER)).toEqual(["3", "4"]);
  });

  it("replays nothing again to a socket that already holds the channel", async () => {
    server = await start();
    for (const text of ["1", "2"]) await server.realtime.publish(WEATHER, text);
    const client = await connect("Member:a");
    expect(await client.subscribe({ channel: WEATHER, since: "0" })).toMatchObject({ ok: true, replay: { count: 2, complete: true } });
    const again = await client.subscribe({ channel: WEATHER, since: "0" });
    await server.realtime.publish(WEATHER, "live");
    await flush(server, [client]);

    expect(again).toMatchObject({ ok: true, replay: { count: 0, complete: true } });
    expect(client.payloadsOn(WEATHER)).toEqual(["1", "2", "live"]);
  });

  it("replays nothing to a subscriber who may not read the channel", async () => {
    server = await start();
    await server.realtime.publish(WEATHER, "members only");
    const visitor = await connect("Visitor:v");
    const reply = await visitor.subscribe({ channel: WEATHER, since: "0" });
    await flush(server, [visitor]);
    expect(reply).toMatchObject({ ok: false, error: { errorCode: 2 } });
    expect(visitor.payloadsOn(WEATHER)).toEqual([]);
  });

  it.each(["read-then-wait", "wait-then-read"] as const)(
    "loses nothing and repeats nothing when a publish races the replay (%s)",
    async (order) => {
      const { log, entered, release } = gatedLog(order);
      server = await start({ messageLog: log });
      const { message: seen } = await server.realtime.publish(WEATHER, "seen");
      await server.realtime.publish(WEATHER, "missed");

      const client = await connect("Member:a");
      const replying = client.subscribe({ channel: WEATHER, since: seen.id });
      await withTimeout(entered.promise, "the replay to start reading");
      const racing = await server.realtime.publish(WEATHER, "published during the replay");
      release.open();
      const reply = await replying;
      await server.realtime.publish(WEATHER, "live");
      await flush(server, [client]);

      expect(reply.ok).toBe(true);
      expect(racing.recipients).toBe(1);
      expect(client.payloadsOn(WEATHER)).toEqual(["missed", "published during the replay", "live"]);
    },
  );

  it("serves a storm of readers asking for the same gap with a few log reads, each reader getting the whole gap", async () => {
    const inner = createInMemoryMessageLog();
    const firstRead = createGate();
    let reads = 0;
    server = await start({
      messageLog: {
        append: (...args) => inner.append(...args),
        latestId: (...args) => inner.latestId(...args),
        async readAfter(...args) {
          reads += 1;
          // The first read is held a moment, so the other readers ask while it is under way.
          if (reads === 1) await firstRead.promise;
          return inner.readAfter(...args);
        },
      },
    });
    const { message: seen } = await server.realtime.publish(WEATHER, "seen before");
    for (const text of ["missed 1", "missed 2"]) await server.realtime.publish(WEATHER, text);
    const clients = await Promise.all(Array.from({ length: 20 }, (_, index) => connect(`Member:m${index}`)));

    const replies = clients.map((client) => client.subscribe({ channel: WEATHER, since: seen.id }));
    setTimeout(firstRead.open, 200);
    expect(await Promise.all(replies)).toEqual(clients.map(() => expect.objectContaining({ ok: true, replay: { count: 2, complete: true } })));
    await flush(server, clients);

    for (const client of clients) expect(client.payloadsOn(WEATHER)).toEqual(["missed 1", "missed 2"]);
    // Without coalescing: one read per reader (20).
    expect(reads).toBeLessThan(clients.length / 2);
  });

  it("still subscribes live, with an incomplete replay, when the log can't be read", async () => {
    const inner = createInMemoryMessageLog();
    server = await start({
      messageLog: {
        append: (...args) => inner.append(...args),
        latestId: () => Promise.reject(new Error("database down")),
        readAfter: () => Promise.reject(new Error("database down")),
      },
    });
    const client = await connect("Member:a");
    const reply = await client.subscribe({ channel: WEATHER, since: "1" });
    await server.realtime.publish(WEATHER, "live");
    await flush(server, [client]);
    expect(reply).toMatchObject({ ok: true, replay: { count: 0, complete: false } });
    expect(client.payloadsOn(WEATHER)).toEqual(["live"]);
  });
});
