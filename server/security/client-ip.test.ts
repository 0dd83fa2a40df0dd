import { describe, expect, it } from "vitest";
import { clientAddressOf } from "./client-ip";

const peer = (headers: Record<string, string | string[]>) => ({ headers, socket: { remoteAddress: "10.0.0.5" } });

describe("clientAddressOf", () => {
  it("is the TCP peer without TRUST_PROXY, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf(peer({ "x-forwarded-for": "203.0.113.9" }), false)).toBe("10.0.0.5");
    expect(clientAddressOf(peer({}), false)).toBe("10.0.0.5");
  });

  it("is the last X-Forwarded-For entry (the one the proxy added) with TRUST_PROXY", () => {
    expect(clientAddressOf(peer({ "x-forwarded-for": "198.51.100.1, 203.0.113.9" }), true)).toBe("203.0.113.9");
    expect(clientAddressOf(peer({ "x-forwarded-for": ["1.1.1.1", "198.51.100.1,203.0.113.9 "] }), true)).toBe("203.0.113.9");
    expect(clientAddressOf(peer({}), true)).toBe("10.0.0.5");
  });
});
