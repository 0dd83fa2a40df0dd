import type { ReplaySummary } from "@/lib/realtime/contract";
import type { AlertPlan, ReaderPlan } from "./protocol";

// What the restart-storm orchestrator (restart-storm.ts) and its storm-generator processes say
// to each other. A generator holds a share of the readers through the whole scenario: connect,
// the alerts before the restart, the restart, the reconnection storm and the catch-up.

/** `localAddress`: the loopback address the reader connects from (127.0.N.1), so a proxy's ip_hash sees clients of several networks. */
export type StormReaderPlan = ReaderPlan & { localAddress?: string };

/** An alert of the scenario: sent before the server goes down, or once it answers again. */
export type StormAlertPlan = AlertPlan & { isAfterRestart: boolean };

export type StormCommand =
  | { type: "start"; readers: StormReaderPlan[]; alerts: StormAlertPlan[]; timeoutMs: number }
  /** The server is about to go down: from now on, each reader that loses its connection must come back. */
  | { type: "arm" }
  /** The alerts (by index) published after the restart that every subscribed reader is owed, by replay or live. */
  | { type: "owe"; indexes: number[] }
  | { type: "status" }
  | { type: "report" }
  | { type: "stop" };

/** A lost alert, with what the reader asked for and what the server answered on its last resubscribe. */
export type LostEvidence = {
  reader: number;
  alertIndex: number;
  channels: string[];
  /** Per channel, the `since` of the reader's last subscribe and the replay summary it was answered with. */
  resubscribes: Record<string, { since?: string; replay?: ReplaySummary; position?: string }>;
  /** The alert indexes this reader did receive. */
  received: number[];
};

/** A second copy of one alert on one reader: which message ids, on which connection (1 = before the restart), and what the reader's resubscribes asked for. */
export type DuplicateEvidence = {
  reader: number;
  alertIndex: number;
  channel: string;
  first: { id: string; connection: number; at: number };
  second: { id: string; connection: number; at: number };
  resubscribes: LostEvidence["resubscribes"];
};

export type StormReport = {
  readers: number;
  /** Readers that lost their connection after `arm`, and how many of those have resubscribed every channel since. */
  disconnected: number;
  back: number;
  caughtUp: number;
  /** Epoch ms (protocol.ts `nowMs`) of the last reader's resubscription, and of the last reader's catching up; NaN when none. */
  lastBackAt: number;
  lastCaughtUpAt: number;
  lost: number;
  duplicates: number;
  leaked: number;
  /** Resubscribes answered after more than the browser client's 10 s request timeout (it would have given up on them). */
  slowSubscribes: number;
  /** Resubscribes whose replay said it could not fill the whole gap (`complete: false`). */
  incompleteReplays: number;
  refusedSubscribes: number;
  /** Connection attempts that failed after `arm` (the server down, or refusing): the back-off at work. */
  failedReconnects: number;
  evidence: LostEvidence[];
  duplicateEvidence: DuplicateEvidence[];
};

export type StormEvent =
  | { type: "loaded" }
  | { type: "ready"; startedAt: number; endedAt: number; connected: number; failed: number; firstError?: string }
  | { type: "alertComplete"; index: number }
  | { type: "armed" }
  | { type: "owed" }
  | { type: "status"; readers: number; back: number; caughtUp: number }
  | ({ type: "report" } & StormReport);
