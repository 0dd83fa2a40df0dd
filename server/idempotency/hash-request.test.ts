import { describe, expect, it } from "vitest";
import { hashRequest } from "./hash-request";

describe("hashRequest", () => {
  it("ignores key order and undefined fields, at every depth", () => {
    const a = hashRequest({ text: "Flood", color: "#000000", channels: [{ name: "members", resourceId: "weather" }], extra: undefined });
    const b = hashRequest({ channels: [{ resourceId: "weather", name: "members" }], color: "#000000", text: "Flood" });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it("tells apart anything that changes the meaning", () => {
    const base = { text: "Flood", color: "#000000", channels: [{ name: "visitors" }, { name: "members" }], activeForSeconds: 3600 };
    const variants = [
      { ...base, text: "Flood!" },
      { ...base, color: "#000001" },
      { ...base, channels: [{ name: "members" }, { name: "visitors" }] },
      { ...base, activeForSeconds: 60 },
      { ...base, activeForSeconds: "3600" },
      { ...base, text: ["Flood"] },
    ];
    const hashes = new Set([base, ...variants].map(hashRequest));
    expect(hashes.size).toBe(variants.length + 1);
  });
});
