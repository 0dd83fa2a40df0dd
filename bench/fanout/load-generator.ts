// A load-generator process (forked by measure.ts): opens its share of the readers all at once
// (the subscribe storm), records when each reader receives each alert, and reports. Readers
// acknowledge every message, as the browser client does (the product counts those receipts).
import { io, type Socket } from "socket.io-client";
import { channelKey } from "@/lib/realtime/channel";
import type { RealtimeMessage, SubscribeReply } from "@/lib/realtime/contract";
import { nowMs, type AlertPlan, type GeneratorCommand, type GeneratorEvent, type ReaderPlan, type StormResult } from "./protocol";

type Reader = { socket: Socket; keys: Set<string>; received: Set<number> };

const readers: Reader[] = [];
const receipts = new Map<number, number[]>();
let alertByText = new Map<string, AlertPlan>();
const expected = new Map<number, number>();
let unexpected = 0;
let duplicates = 0;
let disconnects = 0;

function send(event: GeneratorEvent): void {
  process.send?.(event);
}

// One process simulates thousands of browsers. Acking each message at once would make the
// readers whose messages arrive later in the same burst wait for the others' acks to be sent,
// which no real browser does; so receipts are timed first and the acks sent right after the burst.
const pendingAcks: (() => void)[] = [];

function sendPendingAcks(): void {
  for (const ack of pendingAcks.splice(0)) ack();
}

function onMessage(reader: Reader, message: RealtimeMessage, ack: unknown): void {
  const receivedAt = nowMs();
  if (typeof ack === "function") {
    if (pendingAcks.push(ack as () => void) === 1) setImmediate(sendPendingAcks);
  }
  const text = (message.payload as { text?: unknown } | null)?.text;
  const alert = typeof text === "string" ? alertByText.get(text) : undefined;
  if (!alert) return; // not one of this run's alerts
  if (!alert.channelKeys.some((key) => reader.keys.has(key))) {
    unexpected += 1;
    return;
  }
  if (reader.received.has(alert.index)) {
    duplicates += 1;
    return;
  }
  reader.received.add(alert.index);
  const times = receipts.get(alert.index) ?? [];
  receipts.set(alert.index, times);
  times.push(receivedAt);
  if (times.length === expected.get(alert.index)) send({ type: "alertComplete", index: alert.index });
}

// A storm of thousands of connections at once overflows the server's accept queue now and
// then; a browser would simply reconnect, so a reader that fails tries again a few times.
const CONNECT_ATTEMPTS = 5;
let retries = 0;

async function openReader(plan: ReaderPlan, timeoutMs: number): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      readers.push(await connectAndSubscribe(plan, timeoutMs));
      return;
    } catch (error) {
      if (attempt >= CONNECT_ATTEMPTS) throw error;
      retries += 1;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt + Math.random() * 200));
    }
  }
}

async function connectAndSubscribe(plan: ReaderPlan, timeoutMs: number): Promise<Reader> {
  const socket = io(plan.url, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: plan.cookie ? { cookie: plan.cookie } : {},
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  const reader: Reader = { socket, keys: new Set(plan.channels.map(channelKey)), received: new Set() };
  socket.on("message", (message: RealtimeMessage, ack: unknown) => onMessage(reader, message, ack));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    await Promise.all(
      plan.channels.map(async (channel) => {
        const reply = (await socket.timeout(timeoutMs).emitWithAck("subscribe", { channel })) as SubscribeReply;
        if (!reply.ok) throw new Error(`subscribe ${channelKey(channel)} refused: ${reply.error.message}`);
      }),
    );
  } catch (error) {
    socket.disconnect();
    throw error;
  }
  socket.on("disconnect", () => (disconnects += 1));
  return reader;
}

async function start(plans: ReaderPlan[], alerts: AlertPlan[], timeoutMs: number): Promise<StormResult> {
  alertByText = new Map(alerts.map((alert) => [alert.text, alert]));
  const startedAt = nowMs();
  const results = await Promise.allSettled(plans.map((plan) => openReader(plan, timeoutMs)));
  const endedAt = nowMs();
  // Only readers that are in place can be expected to receive; the others count as failed.
  for (const alert of alerts) {
    expected.set(alert.index, readers.filter((reader) => alert.channelKeys.some((key) => reader.keys.has(key))).length);
  }
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
  return {
    startedAt,
    endedAt,
    connected: readers.length,
    failed: failures.length,
    retries,
    ...(failures[0] ? { firstError: String((failures[0].reason as Error)?.message ?? failures[0].reason) } : {}),
  };
}

function report(): GeneratorEvent {
  let lost = 0;
  for (const [index, count] of expected) lost += count - (receipts.get(index)?.length ?? 0);
  return { type: "report", receipts: Object.fromEntries(receipts), lost, unexpected, duplicates, disconnects };
}

process.on("message", (command: GeneratorCommand) => {
  if (command.type === "start") {
    void start(command.readers, command.alerts, command.timeoutMs).then((storm) => {
      send({ type: "ready", ...storm });
      // Alerts this share expects nothing of are complete from the start.
      for (const [index, count] of expected) if (count === 0) send({ type: "alertComplete", index });
    });
  } else if (command.type === "report") {
    send(report());
  } else {
    for (const { socket } of readers) socket.disconnect();
    process.disconnect?.();
    setTimeout(() => process.exit(0), 200);
  }
});

send({ type: "loaded" });
