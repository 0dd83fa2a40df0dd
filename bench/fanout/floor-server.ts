// The floor: a bare Socket.IO server that does the least the product's fan-out could do. A
// `subscribe` joins the room named by the channel key and is acknowledged at once (no identity,
// no permission check, no replay); `POST /publish` takes the same body as the product's
// `POST /api/alerts` and emits the same message shape to each channel's room (no auth, no
// database, no receipts); `GET /health` answers 200. PORT (default: any free port). Prints one JSON line `{ "ready": true, "url" }` once it listens.
// With FLOOR_ACKS=1 it asks every reader to acknowledge each message, as the product does for
// its receipts (and ignores the acks): that variant separates the cost of acks from the rest.
//
//   node --import tsx bench/fanout/floor-server.ts
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Server } from "socket.io";
import { channelKey, normalizeChannel } from "@/lib/realtime/channel";
import type { ChannelRef, RealtimeMessage } from "@/lib/realtime/contract";

type PublishBody = { text: string; color: string; channels: ChannelRef[] };

const isAskingForAcks = process.env.FLOOR_ACKS === "1";
let lastMessageId = 0;
let lastSubscriptionId = 0;

const httpServer = createServer((request, response) => {
  if (request.method === "POST" && request.url === "/publish") void onPublish(request, response);
  // What the restart storm polls to know the server answers again (the product's /api/health).
  else if (request.method === "GET" && request.url === "/health") sendJson(response, 200, { ok: true });
  else sendJson(response, 404, { error: { code: "not_found", message: "POST /publish and GET /health only" } });
});

// The same Socket.IO settings as the product's realtime layer (server/realtime/realtime-server.ts).
const io = new Server(httpServer, { path: "/socket.io", serveClient: false, maxHttpBufferSize: 16 * 1024 });

io.on("connection", (socket) => {
  socket.on("subscribe", (request: { channel: ChannelRef }, ack: (reply: unknown) => void) => {
    void socket.join(channelKey(normalizeChannel(request.channel)));
    lastSubscriptionId += 1;
    ack({ ok: true, subscriptionId: String(lastSubscriptionId) });
  });
});

async function onPublish(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let raw = "";
  for await (const chunk of request) raw += String(chunk);
  const body = JSON.parse(raw) as PublishBody;
  const sentAt = new Date().toISOString();
  const payload = { text: body.text, color: body.color, sentAt };
  const deliveries = body.channels.map((ref) => {
    const channel = normalizeChannel(ref);
    const room = channelKey(channel);
    lastMessageId += 1;
    const message: RealtimeMessage = { id: String(lastMessageId), channel, payload, publishedAt: sentAt };
    if (isAskingForAcks) io.to(room).timeout(30_000).emit("message", message, () => undefined);
    else io.to(room).emit("message", message);
    return { channel, recipients: io.of("/").adapter.rooms.get(room)?.size ?? 0 };
  });
  sendJson(response, 201, { alert: { id: String(lastMessageId), ...payload }, deliveries });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

httpServer.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(JSON.stringify({ ready: true, url: `http://127.0.0.1:${port}` }));
});

process.once("SIGTERM", () => {
  void io.close().then(() => process.exit(0));
});
