import { describe, expect, it } from "vitest";
import type { ConnectErrorData } from "@/lib/realtime/contract";
import { createGate, openSocket, realtimeTestBed, resolveTestSubscriber, withTimeout, type TestClient, type TestServer } from "@/test/support/realtime-server";
import type { Handshake } from "./types";

let server: TestServer;
const { start, connect } = realtimeTestBed();

type Refusal = Error & { data?: ConnectErrorData };
type Attempt = { isConnected: true; close: () => void } | { isConnected: false; refusal: Refusal };

/** Opens a raw socket and says whether the server let it in (refusals carry the server's message). */
function attempt(token?: string): Promise<Attempt> {
  const socket = openSocket(server.url, token);
  return withTimeout(
    new Promise<Attempt>((resolve) => {
      socket.once("connect", () => resolve({ isConnected: true, close: () => socket.disconnect() }));
      socket.once("connect_error", (refusal: Refusal) => {
        socket.disconnect();
        resolve({ isConnected: false, refusal });
      });
    }),
    "the handshake's answer",
  );
}

/** Closes a client and waits until the server has seen it go. */
async function closeAndWait(client: TestClient): Promise<void> {
  const serverSide = server.realtime.io.of("/").sockets.get(client.socket.id ?? "");
  if (!serverSide) throw new Error("no such socket on the server");
  const gone = new Promise((resolve) => serverSide.once("disconnect", resolve));
  client.close();
  await withTimeout(gone, "the server to see the socket close");
}

/** The test resolver, held at a gate until `expected` handshakes have either entered it or been refused before it. */
function resolverHeldUntil(expected: number) {
  const gate = createGate();
  let settled = 0;
  const onSettled = () => {
    settled += 1;
    if (settled === expected) gate.open();
  };
  const resolveSubscriber = async (handshake: Handshake) => {
    onSettled();
    await gate.promise;
    return resolveTestSubscriber(handshake);
  };
  return { resolveSubscriber, onSettled };
}

describe("open sockets per client address", () => {
  it("refuses one more with connect_error (errorCode 1) and a plain message; a closed socket frees its place", async () => {
    server = await start({ maxSocketsPerAddress: 3 });
    const clients = [await connect("Member:a"), await connect("Member:b"), await connect()];
    const refused = await attempt("Member:c");
    if (refused.isConnected) throw new Error("the fourth socket was let in");
    expect(refused.refusal.data).toEqual({ errorCode: 1 });
    expect(refused.refusal.message).toBe("Too many open connections from your network. Close some tabs or try again later.");

    await closeAndWait(clients[0]!);
    expect((await attempt("Member:c")).isConnected).toBe(true);
  });

  it("is exact under a burst of handshakes", async () => {
    const burst = 6;
    const { resolveSubscriber, onSettled } = resolverHeldUntil(burst);
    server = await start({ maxSocketsPerAddress: 2, resolveSubscriber });
    const attempts = await Promise.all(
      Array.from({ length: burst }, () =>
        attempt().then((result) => {
          if (!result.isConnected) onSettled();
          return result;
        }),
      ),
    );
    expect(attempts.filter((result) => result.isConnected)).toHaveLength(2);
  });

  it("gives back the place of a handshake that was refused or closed before it was done", async () => {
    const entered = createGate();
    const finish = createGate();
    server = await start({
      maxSocketsPerAddress: 1,
      async resolveSubscriber(handshake) {
        if ((handshake.auth as { token?: string }).token === "Member:slow") {
          entered.open();
          await finish.promise;
        }
        return resolveTestSubscriber(handshake);
      },
    });
    for (let i = 0; i < 3; i++) expect(await attempt("refuse")).toMatchObject({ isConnected: false, refusal: { message: "Connection refused" } });

    const engineClosed = new Promise((resolve) => server.realtime.io.engine.once("connection", (conn: { once: (event: string, listener: () => void) => void }) => conn.once("close", () => resolve(undefined))));
    const slow = openSocket(server.url, "Member:slow");
    await withTimeout(entered.promise, "the slow handshake");
    slow.disconnect();
    await withTimeout(engineClosed, "the slow handshake's connection to close");
    finish.open();

    expect((await attempt("Member:a")).isConnected).toBe(true);
  });
});

describe("open sockets per session", () => {
  it("refuses one more for that sign-in only; visitors (no session) count by address alone", async () => {
    server = await start({ maxSocketsPerSession: 2 });
    await connect("Member:a");
    await connect("Member:a");
    const refused = await attempt("Member:a");
    if (refused.isConnected) throw new Error("the third socket of the session was let in");
    expect(refused.refusal.data).toEqual({ errorCode: 1 });
    expect(refused.refusal.message).toBe("Too many open connections for this sign-in. Close some tabs or try again later.");

    expect((await attempt("Member:b")).isConnected).toBe(true);
    for (let i = 0; i < 3; i++) await connect();
  });

  it("is exact under a burst of handshakes of one session", async () => {
    const burst = 5;
    const { resolveSubscriber } = resolverHeldUntil(burst);
    server = await start({ maxSocketsPerSession: 2, resolveSubscriber });
    const attempts = await Promise.all(Array.from({ length: burst }, () => attempt("Member:a")));
    expect(attempts.filter((result) => result.isConnected)).toHaveLength(2);
  });
});
