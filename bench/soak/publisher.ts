import { recordLatency } from "./latency";
import type { LatencyBuckets } from "./protocol";
import { sleep } from "./reader";

export type PublishRun = {
  accepted: number[];
  failed: { sequence: number; status: number | string }[];
  postLatency: LatencyBuckets;
};

/**
 * Sends alert `soak #1`, `soak #2`, ... every `everyMs` for `durationMs` through
 * POST /api/alerts as the admin, on a fixed schedule (a slow answer doesn't delay the next
 * send), and waits for the last answers.
 */
export async function publishAlerts(options: {
  url: string;
  adminCookie: string;
  channels: { name: string; resourceId?: string }[];
  everyMs: number;
  durationMs: number;
  onSent?: (sequence: number) => void;
}): Promise<PublishRun> {
  const run: PublishRun = { accepted: [], failed: [], postLatency: {} };
  const inFlight: Promise<void>[] = [];
  const startedAt = Date.now();
  const total = Math.floor(options.durationMs / options.everyMs);
  for (let sequence = 1; sequence <= total; sequence += 1) {
    await sleep(Math.max(0, startedAt + (sequence - 1) * options.everyMs - Date.now()));
    inFlight.push(sendOne(options, sequence, run));
    options.onSent?.(sequence);
  }
  await Promise.all(inFlight);
  run.accepted.sort((a, b) => a - b);
  return run;
}

async function sendOne(options: { url: string; adminCookie: string; channels: unknown[] }, sequence: number, run: PublishRun): Promise<void> {
  const started = performance.now();
  try {
    const response = await fetch(new URL("/api/alerts", options.url), {
      method: "POST",
      headers: { "content-type": "application/json", cookie: options.adminCookie },
      body: JSON.stringify({ text: `soak #${sequence}`, color: "#b91c1c", channels: options.channels }),
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    if (response.status === 201) run.accepted.push(sequence);
    else run.failed.push({ sequence, status: response.status });
  } catch (error) {
    // fetch's own message is just "fetch failed": the reason is in its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    run.failed.push({ sequence, status: `${String(error)}${cause}` });
  } finally {
    recordLatency(run.postLatency, performance.now() - started);
  }
}
