// A restart-storm load-generator process (forked by restart-storm.ts). Its readers behave as the
// browser client does (lib/realtime/client.ts): Socket.IO reconnects them with back-off and
// jitter (the client's settings), the client reconnects by hand after the server disconnected
// it, and every reconnection subscribes each channel again with `since` = the newest message id
// the reader has seen there, or the position its first subscribe returned. Unlike the client,
// a repeated id is counted (a duplicate the server sent), not silently dropped.
import { io, type Socket } from "socket.io-client";
import { channelKey } from "@/lib/realtime/channel";
import type { RealtimeMessage, ReplaySummary, SubscribeReply } from "@/lib/realtime/contract";
import { nowMs, type AlertPlan } from "./protocol";
import type { DuplicateEvidence, LostEvidence, StormAlertPlan, StormCommand, StormEvent, StormReaderPlan, StormReport } from "./storm-protocol";

// lib/realtime/client.ts's DEFAULT_SOCKET_OPTIONS and request timeout (not exported: the browser's module).
const RECONNECTION_DELAY_MS = 1000;
const RECONNECTION_DELAY_MAX_MS = 15_000;
const RANDOMIZATION_FACTOR = 0.5;
const BROWSER_REQUEST_TIMEOUT_MS = 10_000;
// The bench waits longer than the browser for a subscribe's answer, so a slow one is counted
// (slowSubscribes) rather than leaving the reader stuck; the browser would have given up.
const SUBSCRIBE_TIMEOUT_MS = 60_000;
const MAX_EVIDENCE = 10;

type Resubscribe = { since?: string; replay?: ReplaySummary; position?: string };

type Reader = {
  index: number;
  plan: StormReaderPlan;
  socket: Socket;
  keys: Set<string>;
  /** The `since` per channel key: the newest id seen there, or the first subscribe's position. */
  lastIds: Map<string, bigint>;
  /** Alert index -> receipt time of the first copy. */
  received: Map<number, number>;
  /** Alert index -> the first copy's message id and the connection it came on (for duplicate evidence). */
  firstCopies: Map<number, { id: string; connection: number; at: number }>;
  connection: number;
  isSubscribed: boolean;
  retryAttempt: number;
  retryTimer?: ReturnType<typeof setTimeout>;
  /** Lost its connection after `arm`, and when it had resubscribed every channel again. */
  wasDisconnected: boolean;
  backAt?: number;
  lastResubscribes: Map<string, Resubscribe>;
  onSubscribed?: () => void;
};

const readers: Reader[] = [];
let alertByText = new Map<string, StormAlertPlan>();
let preAlerts: AlertPlan[] = [];
let owedAfterRestart: AlertPlan[] = [];
const expectedPerAlert = new Map<number, number>();
const receivedPerAlert = new Map<number, number>();
let isArmed = false;
let duplicates = 0;
const duplicateEvidence: DuplicateEvidence[] = [];
let leaked = 0;
let slowSubscribes = 0;
let incompleteReplays = 0;
let refusedSubscribes = 0;
let failedReconnects = 0;

function send(event: StormEvent): void {
  process.send?.(event);
}

// Receipts are timed before acks go out, as in load-generator.ts: one process plays thousands of browsers.
const pendingAcks: (() => void)[] = [];
function sendPendingAcks(): void {
  for (const ack of pendingAcks.splice(0)) ack();
}

function isOwedTo(reader: Reader, alert: AlertPlan): boolean {
  return alert.channelKeys.some((key) => reader.keys.has(key));
}

function onMessage(reader: Reader, message: RealtimeMessage, ack: unknown): void {
  const receivedAt = nowMs();
  if (typeof ack === "function" && pendingAcks.push(ack as () => void) === 1) setImmediate(sendPendingAcks);
  const key = channelKey(message.channel);
  if (/^[0-9]{1,30}$/.test(message.id)) {
    const id = BigInt(message.id);
    const last = reader.lastIds.get(key);
    if (reader.keys.has(key) && (last === undefined || id > last)) reader.lastIds.set(key, id);
  }
  const text = (message.payload as { text?: unknown } | null)?.text;
  const alert = typeof text === "string" ? alertByText.get(text) : undefined;
  if (!alert) return; // not one of this run's alerts
  if (!isOwedTo(reader, alert)) {
    leaked += 1;
    return;
  }
  if (reader.received.has(alert.index)) {
    duplicates += 1;
    if (duplicateEvidence.length < MAX_EVIDENCE) {
      duplicateEvidence.push({
        reader: reader.index,
        alertIndex: alert.index,
        channel: key,
        first: reader.firstCopies.get(alert.index)!,
        second: { id: message.id, connection: reader.connection, at: receivedAt },
        resubscribes: Object.fromEntries(reader.lastResubscribes),
      });
    }
    return;
  }
  reader.received.set(alert.index, receivedAt);
  reader.firstCopies.set(alert.index, { id: message.id, connection: reader.connection, at: receivedAt });
  const count = (receivedPerAlert.get(alert.index) ?? 0) + 1;
  receivedPerAlert.set(alert.index, count);
  if (count === expectedPerAlert.get(alert.index)) send({ type: "alertComplete", index: alert.index });
}

function createReader(index: number, plan: StormReaderPlan): Reader {
  const socket = io(plan.url, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: plan.cookie ? { cookie: plan.cookie } : {},
    forceNew: true,
    reconnection: true,
    reconnectionDelay: RECONNECTION_DELAY_MS,
    reconnectionDelayMax: RECONNECTION_DELAY_MAX_MS,
    randomizationFactor: RANDOMIZATION_FACTOR,
    ...(plan.localAddress ? { localAddress: plan.localAddress } : {}),
  });
  const reader: Reader = {
    index,
    plan,
    socket,
    keys: new Set(plan.channels.map(channelKey)),
    lastIds: new Map(),
    received: new Map(),
    firstCopies: new Map(),
    connection: 0,
    isSubscribed: false,
    retryAttempt: 0,
    wasDisconnected: false,
    lastResubscribes: new Map(),
  };
  socket.on("message", (message: RealtimeMessage, ack: unknown) => onMessage(reader, message, ack));
  socket.on("connect", () => onConnect(reader));
  socket.on("disconnect", (reason) => onDisconnect(reader, reason));
  socket.on("connect_error", () => {
    if (isArmed) failedReconnects += 1;
    // Refused by the server rather than unreachable: Socket.IO won't retry, the client does.
    if (!socket.active) scheduleRetry(reader);
  });
  return reader;
}

function onConnect(reader: Reader): void {
  reader.connection += 1;
  reader.retryAttempt = 0;
  reader.isSubscribed = false;
  const connection = reader.connection;
  let pending = reader.plan.channels.length;
  for (const channel of reader.plan.channels) {
    const key = channelKey(channel);
    const last = reader.lastIds.get(key);
    const request = { channel, ...(last !== undefined ? { since: last.toString() } : {}) };
    const sentAt = nowMs();
    reader.socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit("subscribe", request, (timeout: Error | null, reply: SubscribeReply) => {
      if (connection !== reader.connection) return; // an answer for a connection that is gone
      if (timeout || nowMs() - sentAt > BROWSER_REQUEST_TIMEOUT_MS) slowSubscribes += 1;
      if (timeout) return;
      if (!reply.ok) {
        refusedSubscribes += 1;
        return;
      }
      if (reply.replay && !reply.replay.complete) incompleteReplays += 1;
      reader.lastResubscribes.set(key, { ...(request.since ? { since: request.since } : {}), ...(reply.replay ? { replay: reply.replay } : {}), ...(reply.position ? { position: reply.position } : {}) });
      if (!reader.lastIds.has(key) && reply.position !== undefined) reader.lastIds.set(key, BigInt(reply.position));
      pending -= 1;
      if (pending > 0) return;
      reader.isSubscribed = true;
      if (reader.wasDisconnected && reader.backAt === undefined) reader.backAt = nowMs();
      reader.onSubscribed?.();
    });
  }
}

function onDisconnect(reader: Reader, reason: Socket.DisconnectReason): void {
  reader.isSubscribed = false;
  if (isArmed && !reader.wasDisconnected) reader.wasDisconnected = true;
  // As the client: Socket.IO leaves reconnecting to us when the server disconnected the socket.
  if (reason === "io server disconnect") scheduleRetry(reader);
}

/** lib/realtime/client.ts's scheduleRetry: exponential back-off with jitter. */
function scheduleRetry(reader: Reader): void {
  if (reader.retryTimer) return;
  const delay = Math.min(RECONNECTION_DELAY_MAX_MS, RECONNECTION_DELAY_MS * 2 ** reader.retryAttempt) * (1 - RANDOMIZATION_FACTOR + Math.random() * 2 * RANDOMIZATION_FACTOR);
  reader.retryAttempt += 1;
  reader.retryTimer = setTimeout(() => {
    reader.retryTimer = undefined;
    if (!reader.socket.connected) reader.socket.connect();
  }, delay);
}

function openReader(index: number, plan: StormReaderPlan, timeoutMs: number): Promise<Reader> {
  const reader = createReader(index, plan);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reader.onSubscribed = undefined;
      reader.socket.disconnect();
      reject(new Error(`not connected and subscribed after ${timeoutMs} ms`));
    }, timeoutMs);
    reader.onSubscribed = () => {
      clearTimeout(timer);
      reader.onSubscribed = undefined;
      resolve(reader);
    };
  });
}

async function start(plans: StormReaderPlan[], alerts: StormAlertPlan[], timeoutMs: number): Promise<void> {
  alertByText = new Map(alerts.map((alert) => [alert.text, alert]));
  const startedAt = nowMs();
  const results = await Promise.allSettled(plans.map((plan, index) => openReader(index, plan, timeoutMs)));
  const endedAt = nowMs();
  for (const result of results) if (result.status === "fulfilled") readers.push(result.value);
  preAlerts = alerts.filter((alert) => !alert.isAfterRestart);
  for (const alert of preAlerts) expectedPerAlert.set(alert.index, readers.filter((reader) => isOwedTo(reader, alert)).length);
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
  send({
    type: "ready",
    startedAt,
    endedAt,
    connected: readers.length,
    failed: failures.length,
    ...(failures[0] ? { firstError: String((failures[0].reason as Error)?.message ?? failures[0].reason) } : {}),
  });
  // Alerts this share expects nothing of are complete from the start.
  for (const [index, count] of expectedPerAlert) if (count === 0) send({ type: "alertComplete", index });
}

function isBack(reader: Reader): boolean {
  return reader.isSubscribed && (!reader.wasDisconnected || reader.backAt !== undefined);
}

/** When the reader had everything it is owed and was subscribed again (NaN if it has not yet). */
function caughtUpAt(reader: Reader): number {
  if (!isBack(reader)) return Number.NaN;
  let at = reader.backAt ?? Number.NEGATIVE_INFINITY;
  for (const alert of [...preAlerts, ...owedAfterRestart]) {
    if (!isOwedTo(reader, alert)) continue;
    const receivedAt = reader.received.get(alert.index);
    if (receivedAt === undefined) return Number.NaN;
    if (owedAfterRestart.includes(alert)) at = Math.max(at, receivedAt);
  }
  return at;
}

function report(): StormReport {
  let lost = 0;
  const evidence: LostEvidence[] = [];
  let lastBackAt = Number.NaN;
  let lastCaughtUpAt = Number.NaN;
  let back = 0;
  let caughtUp = 0;
  for (const reader of readers) {
    if (isBack(reader)) {
      back += 1;
      if (reader.backAt !== undefined) lastBackAt = Number.isNaN(lastBackAt) ? reader.backAt : Math.max(lastBackAt, reader.backAt);
    }
    const at = caughtUpAt(reader);
    if (!Number.isNaN(at)) {
      caughtUp += 1;
      if (Number.isFinite(at)) lastCaughtUpAt = Number.isNaN(lastCaughtUpAt) ? at : Math.max(lastCaughtUpAt, at);
    }
    for (const alert of [...preAlerts, ...owedAfterRestart]) {
      if (!isOwedTo(reader, alert) || reader.received.has(alert.index)) continue;
      lost += 1;
      if (evidence.length < MAX_EVIDENCE) {
        evidence.push({ reader: reader.index, alertIndex: alert.index, channels: [...reader.keys], resubscribes: Object.fromEntries(reader.lastResubscribes), received: [...reader.received.keys()].sort((a, b) => a - b) });
      }
    }
  }
  return {
    readers: readers.length,
    disconnected: readers.filter((reader) => reader.wasDisconnected).length,
    back,
    caughtUp,
    lastBackAt,
    lastCaughtUpAt,
    lost,
    duplicates,
    leaked,
    slowSubscribes,
    incompleteReplays,
    refusedSubscribes,
    failedReconnects,
    evidence,
    duplicateEvidence,
  };
}

process.on("message", (message: StormCommand) => {
  if (message.type === "start") {
    void start(message.readers, message.alerts, message.timeoutMs);
  } else if (message.type === "arm") {
    isArmed = true;
    send({ type: "armed" });
  } else if (message.type === "owe") {
    const owed = new Set(message.indexes);
    owedAfterRestart = [...alertByText.values()].filter((alert) => alert.isAfterRestart && owed.has(alert.index));
    send({ type: "owed" });
  } else if (message.type === "status") {
    const { back, caughtUp } = report();
    send({ type: "status", readers: readers.length, back, caughtUp });
  } else if (message.type === "report") {
    send({ type: "report", ...report() });
  } else {
    for (const reader of readers) {
      clearTimeout(reader.retryTimer);
      reader.socket.disconnect();
    }
    process.disconnect?.();
    setTimeout(() => process.exit(0), 200);
  }
});

send({ type: "loaded" });
