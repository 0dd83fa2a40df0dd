import { describe, expect, it } from "vitest";
import { RealtimeErrorCode } from "@/lib/realtime/contract";
import { newMember } from "../support/http";
import { connectRefused } from "../support/socket";
import { setUpServerSuite } from "../support/suite";

// The open-socket caps of docs/SECURITY.md on the real server, set through the environment.
// The server trusts X-Forwarded-For here, so each test speaks from addresses of its own.
const suite = setUpServerSuite({ env: { TRUST_PROXY: "true", MAX_SOCKETS_PER_ADDRESS: "3", MAX_SOCKETS_PER_SESSION: "2" } });

let lastAddress = 0;
function fromNewAddress(): Record<string, string> {
  lastAddress += 1;
  return { "x-forwarded-for": `198.51.100.${lastAddress}` };
}

describe("open sockets", () => {
  it("are capped per client address: one more is refused with errorCode 1 and a plain message", async () => {
    const address = fromNewAddress();
    for (let i = 0; i < 3; i++) await suite.socketFor(undefined, { headers: address });
    const refusal = await connectRefused(suite.url, undefined, { headers: address });
    expect(refusal.message).toBe("Too many open connections from your network. Close some tabs or try again later.");
    expect(refusal.data).toEqual({ errorCode: RealtimeErrorCode.connection });
    expect((await suite.socketFor(undefined, { headers: fromNewAddress() })).connected).toBe(true);
  });

  it("are capped per sign-in, from any address", async () => {
    const member = await newMember(suite.url);
    for (let i = 0; i < 2; i++) await suite.socketFor(member.cookie, { headers: fromNewAddress() });
    const refusal = await connectRefused(suite.url, member.cookie, { headers: fromNewAddress() });
    expect(refusal.message).toBe("Too many open connections for this sign-in. Close some tabs or try again later.");
    expect(refusal.data).toEqual({ errorCode: RealtimeErrorCode.connection });
    const other = await newMember(suite.url);
    expect((await suite.socketFor(other.cookie, { headers: fromNewAddress() })).connected).toBe(true);
  });
});
