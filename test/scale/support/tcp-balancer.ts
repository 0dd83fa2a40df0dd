import net from "node:net";

export type TcpBalancer = {
  url: string;
  /** Where new connections go: the first of these that accepts. Empty: every new connection is dropped. */
  setBackends: (urls: string[]) => void;
  close: () => Promise<void>;
};

/**
 * A load balancer in miniature, for a client that only knows one address: each new TCP
 * connection goes to the first backend that accepts it, and the pair is closed together, so a
 * backend that dies drops its clients and their reconnects land on the next one. WebSocket
 * connections stay on one backend for their life, which is all the stickiness they need.
 */
export async function startTcpBalancer(initialBackends: string[]): Promise<TcpBalancer> {
  let backends = initialBackends.map(toAddress);
  const open = new Set<net.Socket>();

  const server = net.createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    client.pause();
    connectToFirst([...backends], client);
  });

  function connectToFirst(candidates: { host: string; port: number }[], client: net.Socket): void {
    const next = candidates.shift();
    if (!next) {
      client.destroy();
      return;
    }
    const upstream = net.connect(next);
    let isConnected = false;
    open.add(upstream);
    upstream.on("error", () => undefined); // "close" follows and decides
    upstream.on("close", () => {
      open.delete(upstream);
      if (isConnected) client.destroy();
      else connectToFirst(candidates, client); // refused: this backend is down, try the next
    });
    upstream.once("connect", () => {
      isConnected = true;
      client.on("close", () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setBackends: (urls) => {
      backends = urls.map(toAddress);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function toAddress(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}
