import { describe, expect, it } from "vitest";
import { createEndpointGuard, EndpointRefused, EndpointUnresolved, isPublicAddress, type ResolveAll } from "./endpoint-guard";

// DNS answers of our own, so that every range is tried without a network.
const answers: Record<string, string[]> = {
  "push.example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
  "inside.example.com": ["10.1.2.3"],
  "mixed.example.com": ["93.184.216.34", "192.168.1.10"],
  "rebind.example.com": ["127.0.0.1"],
  "mapped.example.com": ["::ffff:169.254.169.254"],
  localhost: ["::1", "127.0.0.1"],
};
const resolve: ResolveAll = async (hostname) => {
  if (hostname === "flaky.example.com") throw Object.assign(new Error("try again"), { code: "EAI_AGAIN" });
  const found = answers[hostname];
  if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

const guard = createEndpointGuard({ allowLoopback: false, resolve });
const testGuard = createEndpointGuard({ allowLoopback: true, resolve });

describe("push endpoint guard", () => {
  it("admits a public https endpoint, pinned to the first address it resolved to", async () => {
    const checked = await guard("https://push.example.com/wpush/v2/abc");
    expect(checked).toMatchObject({ address: "93.184.216.34", family: 4 });
    expect(checked.url.href).toBe("https://push.example.com/wpush/v2/abc");
    expect(await guard("https://[2606:2800:220:1:248:1893:25c8:1946]/x")).toMatchObject({ family: 6 });
  });

  it.each([
    ["plain http", "http://push.example.com/x"],
    ["another scheme", "ftp://push.example.com/x"],
    ["not a URL", "push.example.com/x"],
    ["credentials", "https://user:pass@push.example.com/x"],
    ["too long", `https://push.example.com/${"a".repeat(2100)}`],
    ["a private name", "https://inside.example.com/x"],
    ["one private answer among public ones", "https://mixed.example.com/x"],
    ["a name that resolves to loopback", "https://rebind.example.com/x"],
    ["an IPv4-mapped link-local answer (cloud metadata)", "https://mapped.example.com/x"],
    ["localhost by name", "https://localhost/x"],
    ["a name that does not exist", "https://nowhere.example.com/x"],
    ["loopback", "https://127.0.0.1/x"],
    ["loopback written in hex", "https://0x7f000001/x"],
    ["loopback written as a number", "https://2130706433/x"],
    ["private 10/8", "https://10.0.0.1/x"],
    ["private 172.16/12", "https://172.16.5.4/x"],
    ["private 192.168/16", "https://192.168.0.1/x"],
    ["link-local", "https://169.254.169.254/latest/meta-data"],
    ["carrier-grade NAT", "https://100.64.0.1/x"],
    ["unspecified", "https://0.0.0.0/x"],
    ["broadcast", "https://255.255.255.255/x"],
    ["multicast", "https://224.0.0.1/x"],
    ["IPv6 loopback", "https://[::1]/x"],
    ["IPv6 unspecified", "https://[::]/x"],
    ["IPv6 link-local", "https://[fe80::1]/x"],
    ["IPv6 unique local", "https://[fd12:3456::1]/x"],
    ["IPv6 multicast", "https://[ff02::1]/x"],
    ["IPv4-mapped private", "https://[::ffff:10.0.0.1]/x"],
    ["IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/x"],
    ["NAT64 of a private address", "https://[64:ff9b::a00:1]/x"],
    ["6to4", "https://[2002:a00:1::1]/x"],
  ])("refuses %s", async (_label, endpoint) => {
    await expect(guard(endpoint)).rejects.toBeInstanceOf(EndpointRefused);
  });

  it("says a name that could not be resolved just now may be tried again", async () => {
    await expect(guard("https://flaky.example.com/x")).rejects.toBeInstanceOf(EndpointUnresolved);
  });

  it("admits http://127.0.0.1 only with PUSH_ALLOW_LOOPBACK, and nothing else besides", async () => {
    await expect(guard("http://127.0.0.1:4000/push/1")).rejects.toBeInstanceOf(EndpointRefused);
    expect(await testGuard("http://127.0.0.1:4000/push/1")).toMatchObject({ address: "127.0.0.1" });
    for (const endpoint of ["http://localhost:4000/x", "http://10.0.0.1/x", "http://[::1]:4000/x", "https://127.0.0.1/x", "http://127.0.0.2/x"]) {
      await expect(testGuard(endpoint), endpoint).rejects.toBeInstanceOf(EndpointRefused);
    }
  });

  it("calls only globally routable unicast addresses public", () => {
    expect(["8.8.8.8", "2a00:1450:4001::1", "::ffff:8.8.8.8"].every(isPublicAddress)).toBe(true);
    expect(["192.0.2.1", "198.18.0.1", "2001:db8::1", "fe80::1%eth0", "not an address"].some(isPublicAddress)).toBe(false);
  });
});
