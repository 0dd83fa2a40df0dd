import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, attemptSignIn, demoAdmin, newMember, signIn } from "../support/http";
import { expectSignInRefused, expectWrongCredentials } from "../support/limits";
import { startTestServer, type TestServer } from "../support/server";
import { connectSocket, subscribe, texts, waitForMessages, type TestSocket } from "../support/socket";
import { createSharedServices, type SharedServices } from "./support/services";
import { hasNginx, shippedInstanceSettings, startNginx, type RunningNginx } from "./support/nginx";

// deploy/nginx.conf, as shipped, in front of two instances set up as deploy/compose.yaml sets
// them: the proxy settings Socket.IO needs (WebSocket upgrade; stickiness for the long-polling
// fallback), the headers Auth.js reads, and the client address the limits count.
// Runs where nginx is installed (`apt-get install nginx-light`); says so when it is not.

if (!hasNginx) console.warn("test/scale/nginx-proxy.test.ts: SKIPPED, no nginx on PATH (apt-get install nginx-light)");

const SIGN_INS_PER_ADDRESS = 5;

describe.runIf(hasNginx)("deploy/nginx.conf in front of two instances", () => {
  let services: SharedServices;
  let instances: TestServer[] = [];
  let proxy: RunningNginx;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    services = await createSharedServices();
    // A small sign-in budget per address, so a flood is quick to show.
    const env = { ...shippedInstanceSettings(), ...services.instanceEnv, RATE_LIMIT_SIZES: `signInPerIp=${SIGN_INS_PER_ADDRESS}/600` };
    instances = [await startTestServer({ env }), await startTestServer({ env })];
    proxy = await startNginx([instances[0]!.url, instances[1]!.url]);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await proxy?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await services?.cleanUp();
  });

  async function connectThroughProxy(transport: "websocket" | "polling", cookie: string): Promise<TestSocket> {
    const socket = await connectSocket(proxy.url, cookie, { transport });
    sockets.push(socket);
    return socket;
  }

  it("signs in, upgrades to WebSocket, keeps long-polling sessions on one instance, and delivers", async () => {
    const adminCookie = await signIn(proxy.url, demoAdmin.email, demoAdmin.password);
    expect(adminCookie).toBeTruthy();
    const member = await newMember(proxy.url);
    const overWebSocket = await connectThroughProxy("websocket", member.cookie);
    const overPolling = await connectThroughProxy("polling", member.cookie);
    const weather = { name: "members", resourceId: "weather" };
    // Members-only: the identity (the session cookie) came through the proxy on both transports.
    expect(await subscribe(overWebSocket, weather)).toMatchObject({ ok: true });
    expect(await subscribe(overPolling, weather)).toMatchObject({ ok: true });

    // Several publishes: a polling session that hopped instances would fail ("Session ID unknown").
    for (const text of ["one", "two", "three"]) {
      const sent = await api(proxy.url, "/api/alerts", { method: "POST", cookie: adminCookie!, body: { text, color: "#123456", channels: [weather] } });
      expect(sent.status).toBe(201);
      expect(sent.body.deliveries[0].recipients).toBe(2);
    }
    for (const socket of [overWebSocket, overPolling]) {
      expect(texts(await waitForMessages(socket, (messages) => messages.length === 3))).toEqual(["one", "two", "three"]);
    }
    expect(overWebSocket.io.engine.transport.name).toBe("websocket");
    expect(overPolling.connected).toBe(true);
  });

  it("counts limits per client, by the address nginx saw: one client's sign-in flood is refused, another client signs in", async () => {
    const member = await newMember(proxy.url);
    // Two clients of their own: connections from 127.0.0.2 and from 127.0.0.3.
    const flooder = { localAddress: "127.0.0.2" };
    for (let i = 0; i < SIGN_INS_PER_ADDRESS; i++) {
      expectWrongCredentials(await attemptSignIn(proxy.url, `nobody-${i}@example.com`, "wrong password", flooder));
    }
    expectSignInRefused(await attemptSignIn(proxy.url, member.email, member.password, flooder), 600);
    // Claiming another address changes nothing: nginx appends the one it saw, and that is read.
    const claimed = { ...flooder, headers: { "x-forwarded-for": "198.51.100.7" } };
    expectSignInRefused(await attemptSignIn(proxy.url, member.email, member.password, claimed), 600);

    const otherClient = await attemptSignIn(proxy.url, member.email, member.password, { localAddress: "127.0.0.3" });
    expect(otherClient.cookie).not.toBeNull();
  });
});
