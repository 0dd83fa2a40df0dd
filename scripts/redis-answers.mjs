// Exits 0 when a Redis server answers PING at host:port (default 127.0.0.1:6379), else 1.
// For .ci/run, which cannot count on redis-cli being installed.
import net from "node:net";

const [host = "127.0.0.1", port = "6379"] = process.argv.slice(2);
const socket = net.connect(Number(port), host);
const fail = () => process.exit(1);
socket.setTimeout(2_000, fail);
socket.on("error", fail);
socket.on("connect", () => socket.write("PING\r\n"));
socket.on("data", (reply) => process.exit(reply.toString().startsWith("+PONG") ? 0 : 1));
