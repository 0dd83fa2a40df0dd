import { describe, expect, it } from "vitest";
import { flush, realtimeTestBed, type TestClient, type TestServer } from "@/test/support/realtime-server";
import type { Delivery } from "./types";

const WEATHER = { name: "members", resourceId: "weather" };

let server: TestServer;
const { start, connect } = realtimeTestBed();

/** A request and its reply: once it is back, the server has handled everything the client sent before it (acks included). */
async function roundTrip(client: TestClient): Promise<void> {
  await client.unsubscribe({ subscriptionId: "none" });
}

function countOf(deliveries: Delivery[], messageId: string): number {
  return deliveries.filter((delivery) => delivery.messageId === messageId).length;
}

describe("delivery receipts", () => {
  it("count a message once per socket, however often it reaches that socket", async () => {
    const deliveries: Delivery[] = [];
    server = await start({ onDelivered: (delivery) => deliveries.push(delivery) });
    const reader = await connect("Member:a");
    const other = await connect("Member:b");
    const first = await reader.subscribe({ channel: WEATHER });
    await other.subscribe({ channel: WEATHER });
    if (!first.ok) throw new Error("subscribe refused");

    const { message } = await server.realtime.publish(WEATHER, "storm");
    await flush(server, [reader, other]);
    // The same history again and again: unsubscribe, then subscribe from the start.
    for (let i = 0; i < 3; i++) {
      expect(await reader.unsubscribe({ channel: WEATHER })).toEqual({ ok: true });
      expect(await reader.subscribe({ channel: WEATHER, since: "0" })).toMatchObject({ ok: true, replay: { count: 1 } });
    }
    await Promise.all([roundTrip(reader), roundTrip(other)]);

    expect(reader.payloadsOn(WEATHER)).toEqual(["storm", "storm", "storm", "storm"]);
    expect(countOf(deliveries, message.id)).toBe(2);
  });

  it("count a replayed message the socket had not acknowledged before", async () => {
    const deliveries: Delivery[] = [];
    server = await start({ onDelivered: (delivery) => deliveries.push(delivery) });
    const { message } = await server.realtime.publish(WEATHER, "missed");
    const reader = await connect("Member:a");
    expect(await reader.subscribe({ channel: WEATHER, since: "0" })).toMatchObject({ ok: true, replay: { count: 1 } });
    await roundTrip(reader);
    expect(countOf(deliveries, message.id)).toBe(1);
  });
});
