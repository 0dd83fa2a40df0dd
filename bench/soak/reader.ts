import { io, type Socket } from "socket.io-client";
import { channelKey } from "@/lib/realtime/channel";
import type { ChannelRef, ClientToServerEvents, RealtimeMessage, ServerToClientEvents } from "@/lib/realtime/contract";
import { recordLatency } from "./latency";
import type { ReaderCounters, ReaderSpec } from "./protocol";

type ReaderSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Counters shared by all readers of one process. */
export type ReaderStats = ReaderCounters;

const SOAK_TEXT = /^soak #(\d+)$/;
/** lib/realtime/client.ts's default request timeout. */
const BROWSER_REQUEST_TIMEOUT_MS = 10_000;
/** How long a reader waits for a subscribe ack before it gives the connection up. */
const SUBSCRIBE_GIVE_UP_MS = 120_000;

/**
 * One reader, as the browser client behaves: it subscribes its channels, acknowledges every
 * message, and after a reconnect subscribes again with `since` = the last message id it saw
 * on each channel (or the position the first subscribe gave), so the server's replay fills
 * whatever it missed while away.
 */
export class Reader {
  /** Alert sequence numbers received, per channel key. */
  readonly received = new Map<string, Set<number>>();
  private readonly lastSeen = new Map<string, string>();
  private socket: ReaderSocket | null = null;
  private catchingUp = false;
  private connecting: Promise<void> | undefined;
  isChurning = false;
  isSubscribed = false;

  constructor(
    private readonly url: string,
    readonly spec: ReaderSpec,
    private readonly stats: ReaderStats,
  ) {
    for (const channel of spec.channels) this.received.set(channelKey(channel), new Set());
  }

  /** Connects and subscribes every channel; retries until it has, like the browser client. */
  connect(): Promise<void> {
    this.connecting ??= this.connectWithRetries().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connectWithRetries(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.connectOnce();
        return;
      } catch {
        this.stats.subscribeFailures += 1;
        this.close();
        if (attempt >= 20) throw new Error(`reader ${this.spec.index} could not connect and subscribe`);
        // The browser client's backoff: 1 s doubling to 15 s, with jitter.
        await sleep(Math.min(15_000, 1_000 * 2 ** (attempt - 1)) * (0.5 + Math.random()));
      }
    }
  }

  /** Goes away for a while (closing its connection), then comes back and catches up. */
  async churn(offlineMs: number): Promise<void> {
    this.isChurning = true;
    this.stats.churns += 1;
    this.isSubscribed = false;
    this.close();
    await sleep(offlineMs);
    await this.connect();
    this.isChurning = false;
  }

  /** Closes the connection on purpose (forgotten first, so it doesn't count as unexpected). */
  close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.disconnect();
  }

  private async connectOnce(): Promise<void> {
    const socket: ReaderSocket = io(this.url, {
      path: "/socket.io",
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      extraHeaders: this.spec.cookie ? { cookie: this.spec.cookie } : {},
    });
    this.socket = socket;
    socket.on("message", (message, ack) => {
      this.onMessage(message);
      if (typeof ack === "function") ack();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    socket.on("disconnect", () => {
      // Not one we asked for: come back, as the browser client would.
      if (this.socket !== socket) return;
      this.stats.unexpectedDisconnects += 1;
      this.isSubscribed = false;
      this.socket = null;
      void this.connect().catch(() => undefined);
    });
    this.catchingUp = true;
    try {
      await Promise.all(this.spec.channels.map((channel) => this.subscribe(socket, channel)));
    } finally {
      this.catchingUp = false;
    }
    this.isSubscribed = true;
  }

  private async subscribe(socket: ReaderSocket, channel: ChannelRef): Promise<void> {
    const key = channelKey(channel);
    const since = this.lastSeen.get(key);
    // Like the browser client, a slow answer does not tear the connection down (that would
    // only add load): wait for it, and count it when the browser would have called it late.
    const started = Date.now();
    const reply = await socket.timeout(SUBSCRIBE_GIVE_UP_MS).emitWithAck("subscribe", since === undefined ? { channel } : { channel, since });
    if (Date.now() - started > BROWSER_REQUEST_TIMEOUT_MS) this.stats.slowSubscribes += 1;
    if (!reply.ok) throw new Error(`subscribe refused: ${reply.error.message}`);
    if (reply.replay && !reply.replay.complete) this.stats.incompleteReplays += 1;
    // First subscribe: remember where the log stood, so a reconnect catches up from there.
    if (since === undefined && reply.position !== undefined) this.noteSeen(key, reply.position);
  }

  private onMessage(message: RealtimeMessage): void {
    const key = channelKey(message.channel);
    const payload = message.payload as { text?: string; sentAt?: string };
    const sequence = Number(SOAK_TEXT.exec(payload.text ?? "")?.[1]);
    const seen = this.received.get(key);
    if (!seen || !Number.isInteger(sequence)) return;
    if (seen.has(sequence)) this.stats.duplicates += 1;
    else seen.add(sequence);
    this.noteSeen(key, message.id);
    const latency = Date.now() - Date.parse(payload.sentAt ?? "");
    if (Number.isFinite(latency)) recordLatency(this.catchingUp ? this.stats.catchUpLatency : this.stats.liveLatency, latency);
  }

  private noteSeen(key: string, id: string): void {
    const last = this.lastSeen.get(key);
    if (last === undefined || BigInt(id) > BigInt(last)) this.lastSeen.set(key, id);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
