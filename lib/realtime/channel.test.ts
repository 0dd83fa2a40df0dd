import { describe, expect, it } from "vitest";
import { channelKey, channelSchema, sameChannel, subscribeRequestSchema, unsubscribeRequestSchema } from "./channel";

const chars = (length: number) => "a".repeat(length);

describe("channelSchema", () => {
  it.each([
    ["name of 1 character", { name: "a" }],
    ["name of 140 characters", { name: chars(140) }],
    ["every allowed character", { name: "AZaz09_-" }],
    ["resource of 1 character", { name: "members", resourceId: "w" }],
    ["resource of 140 characters", { name: "members", resourceId: chars(140) }],
  ])("accepts a %s", (_, channel) => {
    expect(channelSchema.safeParse(channel).success).toBe(true);
  });

  it.each([
    ["an empty name", { name: "" }],
    ["a name of 141 characters", { name: chars(141) }],
    ["an empty resource", { name: "members", resourceId: "" }],
    ["a resource of 141 characters", { name: "members", resourceId: chars(141) }],
    ["a space", { name: "breaking news" }],
    ["a colon, which would make keys collide", { name: "members:weather" }],
    ["a colon in the resource", { name: "members", resourceId: "a:b" }],
    ["a slash", { name: "a/b" }],
    ["a non-ASCII letter", { name: "météo" }],
    ["a number name", { name: 42 }],
    ["an unknown key", { name: "members", extra: true }],
    ["no name", { resourceId: "weather" }],
    ["null", null],
    ["a string", "members"],
  ])("rejects %s", (_, channel) => {
    expect(channelSchema.safeParse(channel).success).toBe(false);
  });
});

describe("channelKey and sameChannel", () => {
  it("keys a channel by name and a resource by name:resource", () => {
    expect(channelKey({ name: "members" })).toBe("members");
    expect(channelKey({ name: "members", resourceId: "weather" })).toBe("members:weather");
  });

  it("tells a channel from its resources and resources from each other", () => {
    expect(sameChannel({ name: "members" }, { name: "members" })).toBe(true);
    expect(sameChannel({ name: "members", resourceId: "weather" }, { name: "members", resourceId: "weather" })).toBe(true);
    expect(sameChannel({ name: "members" }, { name: "members", resourceId: "weather" })).toBe(false);
    expect(sameChannel({ name: "members", resourceId: "weather" }, { name: "members" })).toBe(false);
    expect(sameChannel({ name: "members", resourceId: "weather" }, { name: "members", resourceId: "politics" })).toBe(false);
    expect(sameChannel({ name: "members", resourceId: undefined }, { name: "members" })).toBe(true);
  });
});

describe("subscribeRequestSchema", () => {
  it("accepts a channel with or without a decimal since", () => {
    expect(subscribeRequestSchema.safeParse({ channel: { name: "visitors" } }).success).toBe(true);
    expect(subscribeRequestSchema.safeParse({ channel: { name: "members", resourceId: "weather" }, since: "42" }).success).toBe(true);
  });

  it.each([
    ["no channel", {}],
    ["an invalid channel", { channel: { name: "" } }],
    ["a non-decimal since", { channel: { name: "visitors" }, since: "abc" }],
    ["a negative since", { channel: { name: "visitors" }, since: "-1" }],
    ["a numeric since", { channel: { name: "visitors" }, since: 42 }],
    ["an unknown key", { channel: { name: "visitors" }, publish: true }],
    ["undefined", undefined],
  ])("rejects %s", (_, request) => {
    expect(subscribeRequestSchema.safeParse(request).success).toBe(false);
  });
});

describe("unsubscribeRequestSchema", () => {
  it("accepts a subscription id or a channel", () => {
    expect(unsubscribeRequestSchema.safeParse({ subscriptionId: "abc" }).success).toBe(true);
    expect(unsubscribeRequestSchema.safeParse({ channel: { name: "members", resourceId: "weather" } }).success).toBe(true);
  });

  it.each([
    ["neither", {}],
    ["both", { subscriptionId: "abc", channel: { name: "members" } }],
    ["an empty id", { subscriptionId: "" }],
    ["an invalid channel", { channel: { name: "a b" } }],
    ["a since (only subscribe has one)", { channel: { name: "members" }, since: "1" }],
    ["null", null],
  ])("rejects %s", (_, request) => {
    expect(unsubscribeRequestSchema.safeParse(request).success).toBe(false);
  });
});
