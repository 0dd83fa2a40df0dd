import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { RealtimeErrorCode, type ConnectErrorData } from "@/lib/realtime/contract";
import { newMember } from "../support/http";
import { setUpServerSuite } from "../support/suite";

// The open-socket caps of docs/SECURITY.md on the real server, set through the environment.
// The server trusts X-Forwarded-For here, so each test speaks from addresses of its own.
const suite = setUpServerSuite({ env: { TRUST_PROXY: "true", MAX_SOCKETS_PER_ADDRESS: "3", MAX_SOCKETS_PER_SESSION: "2" } });

let lastAddress = 0;
function fromNewAddress(): Record<string, string> {
  lastAddress += 1;
  return { "x-forwarded-for": `198.51.100.${lastAddress}` };
}

/** Opens a socket expecting the server to refuse it; resolves with the refusal. */
function connectError(headers: Record<string, string>, cookie?: string): Promise<Error & { data: ConnectErrorData }> {
  const socket = io(suite.url, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: { ...headers, ...(cookie ? { cookie } : {}) },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.disconnect();
      reject(new Error("the connection was accepted"));
    });
    socket.once("connect_error", (error) => {
      socket.disconnect();
      resolve(error as Error & { data: ConnectErrorData });
    });
  });
}

describe("open sockets", () => {
  it("are capped per client address: one more is refused with errorCode 1 and a plain message", async () => {
    const address = fromNewAddress();
    for (let i = 0; i < 3; i++) await suite.socketFor(undefined, { headers: address });
    const refusal = await connectError(address);
    expect(refusal.message).toBe("Too many open connections from your network. Close some tabs or try again later.");
    expect(refusal.data).toEqual({ errorCode: RealtimeErrorCode.connection });
    expect((await suite.socketFor(undefined, { headers: fromNewAddress() })).connected).toBe(true);
  });

  it("are capped per sign-in, from any address", async () => {
    const member = await newMember(suite.url);
    for (let i = 0; i < 2; i++) await suite.socketFor(member.cookie, { headers: fromNewAddress() });
    const refusal = await connectError(fromNewAddress(), member.cookie);
    expect(refusal.message).toBe("Too many open connections for this sign-in. Close some tabs or try again later.");
    expect(refusal.data).toEqual({ errorCode: RealtimeErrorCode.connection });
    const other = await newMember(suite.url);
    expect((await suite.socketFor(other.cookie, { headers: fromNewAddress() })).connected).toBe(true);
  });
});
