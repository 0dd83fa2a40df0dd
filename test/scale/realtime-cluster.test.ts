import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createInMemoryMessageLog, type MessageLog } from "@/server/realtime/message-log";
import { createRedisStreamsAdapter } from "@/server/realtime/redis-streams-adapter";
import {
  PROBE,
  connectClient,
  createGate,
  flush,
  startTestServer,
  withTimeout,
  type TestClient,
  type TestServer,
} from "@/test/support/realtime-server";
import { connectRedis, type RedisConnection } from "@/server/redis";
import { createSharedServices, type SharedServices } from "./support/services";

// The realtime layer alone (no Next, no database), two instances in this process joined by the
// Redis streams adapter and sharing one message log: the cases that need the cluster design
// (cluster.ts) rather than the adapter's own broadcast.

const WEATHER = { name: "members", resourceId: "weather" };
const logger = pino({ level: "silent" });

let services: SharedServices | undefined;
const redisConnections: RedisConnection[] = [];
const servers: TestServer[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  await Promise.all(redisConnections.splice(0).map((connection) => connection.close()));
  await services?.cleanUp();
  services = undefined;
});

async function startInstances(log: MessageLog): Promise<[TestServer, TestServer]> {
  services = await createSharedServices();
  const started: TestServer[] = [];
  for (let i = 0; i < 2; i += 1) {
    const redis = await connectRedis(services.redisUrl, logger);
    redisConnections.push(redis);
    started.push(await startTestServer({ messageLog: log, logger, clusterAdapter: await createRedisStreamsAdapter(redis.client, services.redisPrefix) }));
  }
  servers.push(...started);
  const [a, b] = started as [TestServer, TestServer];
  // Each adapter subscribes to its Redis channel asynchronously: wait until A's publishes reach B.
  const probe = await connectClient(b);
  clients.push(probe);
  await withTimeout(
    (async () => {
      while ((await a.realtime.publish(PROBE, "warm-up")).recipients === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    })(),
    "the instances to see each other",
  );
  probe.close();
  return [a, b];
}

/** A shared log whose next read waits at a gate (after reading, or before). */
function gatedLog(order: "read-then-wait" | "wait-then-read") {
  const inner = createInMemoryMessageLog();
  const entered = createGate();
  const release = createGate();
  let isGated = false;
  const log: MessageLog = {
    append: (...args) => inner.append(...args),
    latestId: (...args) => inner.latestId(...args),
    async readAfter(...args) {
      if (!isGated) return inner.readAfter(...args);
      if (order === "wait-then-read") {
        entered.open();
        await release.promise;
      }
      const result = await inner.readAfter(...args);
      if (order === "read-then-wait") {
        entered.open();
        await release.promise;
      }
      return result;
    },
  };
  return { log, entered, release, gate: () => (isGated = true) };
}

describe("two realtime instances joined through Redis", () => {
  it.each(["read-then-wait", "wait-then-read"] as const)(
    "a publish on A during a replay on B reaches B's socket once, after the replay (%s)",
    async (order) => {
      const { log, entered, release, gate } = gatedLog(order);
      const [a, b] = await startInstances(log);
      const { message: seen } = await a.realtime.publish(WEATHER, "seen");
      await a.realtime.publish(WEATHER, "missed");

      const client = await connectClient(b, "Member:alice");
      clients.push(client);
      gate();
      const subscribing = client.subscribe({ channel: WEATHER, since: seen.id });
      await withTimeout(entered.promise, "the replay read");
      // B's socket is neither in the room nor replayed this one yet: B must hold it for the socket.
      const during = await a.realtime.publish(WEATHER, "during the replay");
      release.open();
      expect(await subscribing).toMatchObject({ ok: true });
      await a.realtime.publish(WEATHER, "after");
      await flush(b, [client]);

      expect(during.recipients).toBe(1);
      expect(client.payloadsOn(WEATHER)).toEqual(["missed", "during the replay", "after"]);
    },
  );

  it("counts recipients on both instances, and re-identifies a user's sockets on both", async () => {
    const [a, b] = await startInstances(createInMemoryMessageLog());
    const onA = await connectClient(a, "Member:alice");
    const onB = await connectClient(b, "Member:alice");
    const bobOnB = await connectClient(b, "Member:bob");
    clients.push(onA, onB, bobOnB);
    for (const client of [onA, onB, bobOnB]) expect(await client.subscribe({ channel: WEATHER })).toMatchObject({ ok: true });

    expect((await b.realtime.publish(WEATHER, "to all")).recipients).toBe(3);
    expect((await a.realtime.publish(WEATHER, "to alice", { users: ["alice"] })).recipients).toBe(2);

    expect(await a.realtime.reidentify({ userId: "alice" }, { asVisitor: true })).toEqual({ sockets: 2, dropped: 2, disconnected: 0 });
    await a.realtime.publish(WEATHER, "after alice signed out");
    await flush(a, [onA]);
    await flush(b, [onB, bobOnB]);
    expect(onA.payloadsOn(WEATHER)).toEqual(["to all", "to alice"]);
    expect(onB.payloadsOn(WEATHER)).toEqual(["to all", "to alice"]);
    expect(bobOnB.payloadsOn(WEATHER)).toEqual(["to all", "after alice signed out"]);
  });
});
