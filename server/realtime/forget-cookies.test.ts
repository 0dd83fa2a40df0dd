import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { connectSocket } from "@/test/support/socket";
import { realtimeTestBed, resolveTestSubscriber } from "@/test/support/realtime-server";
import type { Handshake } from "./types";

const { start } = realtimeTestBed();

describe("a connected socket's cookies", () => {
  it.each(["websocket", "polling"] as const)("are read by the resolver, then emptied from the handshake and the kept request (%s)", async (transport) => {
    const seen: (string | undefined)[] = [];
    const server = await start({
      resolveSubscriber: async (handshake: Handshake) => {
        seen.push(handshake.headers.cookie);
        return resolveTestSubscriber(handshake);
      },
    });
    const requests: IncomingMessage[] = [];
    server.realtime.io.engine.on("connection", (raw: { request: IncomingMessage }) => requests.push(raw.request));

    const socket = await connectSocket(server.url, "session=secret-value; theme=dark", { transport, headers: { "x-kept": "yes" } });
    try {
      const [connected] = [...server.realtime.io.of("/").sockets.values()];
      expect(seen).toEqual(["session=secret-value; theme=dark"]);
      expect(connected?.handshake.headers.cookie).toBeUndefined();
      expect(connected?.handshake.headers["x-kept"]).toBe("yes");
      const raw = requests[0]?.rawHeaders ?? [];
      expect(raw.join("\n")).not.toContain("secret-value");
      expect(raw).toContain("yes");
    } finally {
      socket.close();
    }
  });
});
