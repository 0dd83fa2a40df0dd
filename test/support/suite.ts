import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { SentAlert } from "@/lib/alerts/alert";
import type { ChannelRef } from "@/lib/realtime/contract";
import { api, demoAdmin, signIn } from "./http";
import { startTestServer, type TestServer } from "./server";
import { connectSocket, type TestSocket } from "./socket";

export type SentAlertBody = SentAlert;

/**
 * One real server for a test file, the demo admin signed in, and sockets that leave with the
 * test that opened them (so each test's recipient counts are its own).
 */
export function setUpServerSuite(options: { env?: Record<string, string> } = {}) {
  let server: TestServer | undefined;
  let adminCookie = "";
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: options.env });
    const cookie = await signIn(server.url, demoAdmin.email, demoAdmin.password);
    if (!cookie) throw new Error("the demo admin could not sign in");
    adminCookie = cookie;
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const suite = {
    get url(): string {
      if (!server) throw new Error("the suite's server is not started yet");
      return server.url;
    },
    get adminCookie(): string {
      return adminCookie;
    },
    async socketFor(cookie?: string, socketOptions?: { ack?: boolean; headers?: Record<string, string> }): Promise<TestSocket> {
      const socket = await connectSocket(suite.url, cookie, socketOptions);
      sockets.push(socket);
      return socket;
    },
    /** Sends an alert as the demo admin and expects it accepted. */
    async publish(text: string, channels: ChannelRef[]): Promise<SentAlertBody> {
      const response = await api<SentAlertBody>(suite.url, "/api/alerts", {
        method: "POST",
        cookie: adminCookie,
        body: { text, color: "#123456", channels },
      });
      expect(response.status).toBe(201);
      return response.body;
    },
  };
  return suite;
}
