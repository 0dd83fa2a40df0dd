import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { connectSocket, subscribe, type TestSocket } from "@/test/support/socket";
import type { AlertBody, Delivery } from "./targets";

const MEET_TIMEOUT_MS = 30_000;

/**
 * Resolves once a publish through the first instance counts a socket on each of the others.
 * The Redis streams adapter learns of another instance from its heartbeat (at start, then every
 * 5 s); until then a publish is still delivered everywhere but the publisher does not wait for
 * the others' counts, so `recipients` would come up short. One probe socket per other instance
 * subscribes to a channel of its own (no reader of the bench is on it), and probe alerts go
 * there until the count is right.
 */
export async function waitUntilInstancesMeet(otherUrls: string[], publish: (alert: AlertBody) => Promise<Delivery[]>): Promise<void> {
  const channel = { name: `bench-probe-${randomUUID().slice(0, 8)}` };
  const probes: TestSocket[] = [];
  try {
    for (const url of otherUrls) {
      const probe = await connectSocket(url);
      probes.push(probe);
      const reply = await subscribe(probe, channel);
      if (!reply.ok) throw new Error(`the probe socket could not subscribe on ${url}: ${JSON.stringify(reply)}`);
    }
    const deadline = Date.now() + MEET_TIMEOUT_MS;
    for (let attempt = 1; ; attempt += 1) {
      const [delivery] = await publish({ text: `instances meeting, probe ${attempt}`, color: "#555555", channels: [channel] });
      if (delivery?.recipients === otherUrls.length) return;
      if (Date.now() > deadline) throw new Error(`the instances did not see each other in ${MEET_TIMEOUT_MS} ms (probe recipients: ${delivery?.recipients})`);
      await sleep(500);
    }
  } finally {
    for (const probe of probes) probe.disconnect();
  }
}
