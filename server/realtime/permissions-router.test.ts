import { describe, expect, it, vi } from "vitest";
import type { Subscriber } from "@/lib/realtime/contract";
import { PermissionsRouter, type PermissionsHandler } from "./permissions-router";

const member: Subscriber = { type: "Member", id: "m1" };
const visitor: Subscriber = { type: "Visitor", id: "v1" };
const membersOnly: PermissionsHandler = (_, subscriber) => ({ read: subscriber.type !== "Visitor" });

describe("PermissionsRouter", () => {
  it("allows everything when no handler is set", async () => {
    const router = new PermissionsRouter();
    expect(await router.check({ name: "anything" }, visitor)).toEqual({ read: true });
    expect(await router.check({ name: "anything", resourceId: "r" }, visitor)).toEqual({ read: true });
  });

  it("uses the default handler for channels without their own", async () => {
    const router = new PermissionsRouter();
    router.default(() => ({ read: false }));
    expect(await router.check({ name: "news" }, member)).toEqual({ read: false });
  });

  it("prefers a channel's handler over the default", async () => {
    const router = new PermissionsRouter();
    router.default(() => ({ read: true }));
    router.add({ name: "members" }, membersOnly);
    expect(await router.check({ name: "members" }, visitor)).toEqual({ read: false });
    expect(await router.check({ name: "members" }, member)).toEqual({ read: true });
    expect(await router.check({ name: "visitors" }, visitor)).toEqual({ read: true });
  });

  it("falls back from a resource to its channel's handler", async () => {
    const router = new PermissionsRouter();
    router.default(() => ({ read: true }));
    router.add({ name: "members" }, membersOnly);
    expect(await router.check({ name: "members", resourceId: "weather" }, visitor)).toEqual({ read: false });
    expect(await router.check({ name: "members", resourceId: "weather" }, member)).toEqual({ read: true });
  });

  it("falls back from a resource to the default when its channel has no handler", async () => {
    const router = new PermissionsRouter();
    router.default(() => ({ read: false }));
    router.add({ name: "other" }, () => ({ read: true }));
    expect(await router.check({ name: "members", resourceId: "weather" }, member)).toEqual({ read: false });
  });

  it("prefers a resource's own handler over its channel's, without affecting siblings", async () => {
    const router = new PermissionsRouter();
    router.add({ name: "members" }, membersOnly);
    router.add({ name: "members", resourceId: "open" }, () => ({ read: true }));
    expect(await router.check({ name: "members", resourceId: "open" }, visitor)).toEqual({ read: true });
    expect(await router.check({ name: "members", resourceId: "weather" }, visitor)).toEqual({ read: false });
    // A resource's handler is not the channel's.
    expect(await router.check({ name: "members" }, visitor)).toEqual({ read: false });
  });

  it("passes the channel and subscriber to the handler", async () => {
    const router = new PermissionsRouter();
    const handler = vi.fn(() => ({ read: true }));
    router.add({ name: "members" }, handler);
    await router.check({ name: "members", resourceId: "weather" }, member);
    expect(handler).toHaveBeenCalledWith({ name: "members", resourceId: "weather" }, member);
  });

  it("awaits async handlers", async () => {
    const router = new PermissionsRouter();
    router.add({ name: "slow" }, async (_, subscriber) => {
      await new Promise((resolve) => setImmediate(resolve));
      return { read: subscriber.id === "m1" };
    });
    expect(await router.check({ name: "slow" }, member)).toEqual({ read: true });
    expect(await router.check({ name: "slow" }, visitor)).toEqual({ read: false });
  });

  it("denies and logs when a handler throws, synchronously or not", async () => {
    const warn = vi.fn();
    const router = new PermissionsRouter({ logger: { warn } as never });
    router.add({ name: "sync" }, () => {
      throw new Error("boom");
    });
    router.add({ name: "async" }, async () => {
      throw new Error("boom");
    });
    expect(await router.check({ name: "sync" }, member)).toEqual({ read: false });
    expect(await router.check({ name: "async" }, member)).toEqual({ read: false });
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it.each([[undefined], [null], [{}], [{ read: "yes" }], [true]])("denies a malformed answer %j", async (answer) => {
    const router = new PermissionsRouter();
    router.default((() => answer) as unknown as PermissionsHandler);
    expect(await router.check({ name: "news" }, member)).toEqual({ read: false });
  });

  it("denies a handler that never answers, after the timeout", async () => {
    const router = new PermissionsRouter({ timeoutMs: 20 });
    router.default(() => new Promise(() => undefined));
    expect(await router.check({ name: "news" }, member)).toEqual({ read: false });
  });

  it("denies an invalid channel without asking any handler", async () => {
    const router = new PermissionsRouter();
    const handler = vi.fn(() => ({ read: true }));
    router.default(handler);
    expect(await router.check({ name: "not valid" }, member)).toEqual({ read: false });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses to register a handler for an invalid channel", () => {
    const router = new PermissionsRouter();
    expect(() => router.add({ name: "" }, membersOnly)).toThrow();
  });
});
