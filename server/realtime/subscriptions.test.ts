import { describe, expect, it } from "vitest";
import { KeyedQueue } from "./keyed-queue";
import { SocketSubscriptions } from "./subscriptions";

const WEATHER = { name: "members", resourceId: "weather" };
const VISITORS = { name: "visitors" };

describe("SocketSubscriptions", () => {
  it("counts subscriptions per channel, and removing one channel leaves the others' ids working", () => {
    const subscriptions = new SocketSubscriptions();
    const [first, second] = [subscriptions.add("w", WEATHER), subscriptions.add("w", WEATHER)];
    const visitors = subscriptions.add("v", VISITORS);

    expect(subscriptions.size).toBe(3);
    expect(subscriptions.removeChannel("w")).toBe(2);
    expect([subscriptions.keyOf(first), subscriptions.keyOf(second), subscriptions.keyOf(visitors)]).toEqual([undefined, undefined, "v"]);
    expect(subscriptions.has("w")).toBe(false);
    expect(subscriptions.removeById(visitors)).toBe(0);
    expect(subscriptions.size).toBe(0);
  });

  it("keeps a channel until its last subscription is removed by id", () => {
    const subscriptions = new SocketSubscriptions();
    const [first, second] = [subscriptions.add("w", WEATHER), subscriptions.add("w", WEATHER)];

    expect(subscriptions.removeById(first)).toBe(1);
    expect(subscriptions.channelOf("w")).toEqual(WEATHER);
    expect(subscriptions.removeById(first)).toBeUndefined();
    expect(subscriptions.removeById(second)).toBe(0);
    expect(subscriptions.keys()).toEqual([]);
  });
});

describe("KeyedQueue", () => {
  it("runs one key's tasks in order, says which keys are busy, and none once all have settled", async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));

    const first = queue.run("a", async () => {
      await gate;
      order.push("a1");
    });
    const second = queue.run("a", async () => {
      order.push("a2");
      throw new Error("a2 failed");
    });
    const third = queue.run("a", async () => order.push("a3"));
    const other = queue.run("b", async () => order.push("b1"));

    expect(queue.busyKeys()).toEqual(["a", "b"]);
    await other;
    release();
    await first;
    await expect(second).rejects.toThrow("a2 failed");
    await third;
    await new Promise((resolve) => setImmediate(resolve));

    expect(order).toEqual(["b1", "a1", "a2", "a3"]);
    expect(queue.busyKeys()).toEqual([]);
    // Usable again once idle.
    await queue.run("a", async () => order.push("a4"));
    expect(order.at(-1)).toBe("a4");
  });
});
